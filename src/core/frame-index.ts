/**
 * Assigns `index`: the 0-based position of a signalling message (TCAP message or Diameter
 * message) within its frame. One instance per pipeline, shared by the SS7 and Diameter decoders
 * so a frame carrying both counts once.
 */
export class FrameIndexer {
  private frame = -1;
  private n = 0;

  next(frame: number): number {
    if (frame !== this.frame) {
      this.frame = frame;
      this.n = 0;
    }
    return this.n++;
  }
}
