import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';

/** A 1-based line and column in the recipe file. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A path into the recipe as zod reports it: keys and array indexes. */
export type RecipePath = readonly PropertyKey[];

/**
 * A recipe's text as a YAML document (comments and node positions kept), and where each value of it starts.
 * JSON is YAML 1.2, so one parser reads both and positions come out the same way.
 */
export class RecipeSource {
  readonly document: Document;
  readonly #lines: LineCounter;

  constructor(text: string) {
    this.#lines = new LineCounter();
    this.document = parseDocument(text, { lineCounter: this.#lines, prettyErrors: false, version: '1.2' });
  }

  /** The position of a text offset. */
  at(offset: number): SourcePosition {
    const { line, col } = this.#lines.linePos(offset);
    return { line, column: col };
  }

  /** Where the value at `path` starts; a missing one is placed at the nearest enclosing value that exists. */
  positionOf(path: RecipePath): SourcePosition {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? this.document.contents : this.document.getIn(path.slice(0, depth), true);
      const range = (node as { range?: readonly number[] } | null | undefined)?.range;
      if (range?.[0] !== undefined) return this.at(range[0]);
    }
    return { line: 1, column: 1 };
  }

  /** Where the key `key` of the map at `path` is written (an unknown key); else where the map starts. */
  keyPositionOf(path: RecipePath, key: string): SourcePosition {
    const map = path.length === 0 ? this.document.contents : this.document.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      const range = isScalar(pair?.key) ? pair.key.range : undefined;
      if (range) return this.at(range[0]);
    }
    return this.positionOf(path);
  }
}

/** `slots[1].port`: a path as a person reads it. */
export function formatRecipePath(path: RecipePath): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
