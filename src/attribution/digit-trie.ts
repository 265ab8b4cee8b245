/**
 * Decimal-digit trie for longest-prefix lookup. Nodes live in one Int32Array (10 child slots per
 * node), values in a parallel array, so a lookup is one array read per digit and allocates nothing.
 * Non-digit characters end the walk (callers pass digit strings; a trailing 'f' filler or a
 * separator simply stops the match).
 */

export class DigitTrie<V> {
  private children = new Int32Array(10 * 64);
  private readonly values: (V | undefined)[] = [undefined];
  private readonly depths: number[] = [0];
  private count = 1;

  /** Sets the value of `prefix` (digits only), replacing any previous value. */
  set(prefix: string, value: V): void {
    let node = 0;
    for (let i = 0; i < prefix.length; i++) {
      const d = prefix.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw new RangeError(`not a digit prefix: ${prefix}`);
      let next = this.children[node * 10 + d] ?? 0;
      if (next === 0) {
        next = this.count++;
        if (next * 10 + 10 > this.children.length) {
          const grown = new Int32Array(this.children.length * 2);
          grown.set(this.children);
          this.children = grown;
        }
        this.children[node * 10 + d] = next;
        this.values.push(undefined);
        this.depths.push(i + 1);
      }
      node = next;
    }
    this.values[node] = value;
  }

  /** Value of the exact prefix, if set. */
  get(prefix: string): V | undefined {
    let node = 0;
    for (let i = 0; i < prefix.length; i++) {
      const d = prefix.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      node = this.children[node * 10 + d] ?? 0;
      if (node === 0) return undefined;
    }
    return this.values[node];
  }

  /** Value of the longest set prefix of `digits`, or undefined. */
  longest(digits: string): V | undefined {
    const node = this.longestNode(digits);
    return node < 0 ? undefined : this.values[node];
  }

  /** Length of the longest set prefix of `digits` (0 when none). */
  longestLength(digits: string): number {
    const node = this.longestNode(digits);
    return node < 0 ? 0 : (this.depths[node] ?? 0);
  }

  private longestNode(digits: string): number {
    let node = 0;
    let best = this.values[0] === undefined ? -1 : 0;
    for (let i = 0; i < digits.length; i++) {
      const d = digits.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      node = this.children[node * 10 + d] ?? 0;
      if (node === 0) break;
      if (this.values[node] !== undefined) best = node;
    }
    return best;
  }
}
