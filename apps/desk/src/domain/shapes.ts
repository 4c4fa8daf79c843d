/**
 * Zammad's reply shapes (REFERENCE §2.4), as the domain builds them: a record plain (columns
 * plus `*_ids`), expanded (plus the names of its relations), or as `assets`.
 */
export type Row = Record<string, unknown>;

/** What a caller asked for: `expand=true` wins over `full=true`. */
export type Shape = 'plain' | 'expand' | 'full';

/** The two shapes a serializer builds; `full` is made of plain records in assets. */
export type RecordShape = Exclude<Shape, 'full'>;

/** `sort_by` / `order_by` as given, not yet checked against the table's columns. */
export interface Sort {
  by: string[];
  order: string[];
}

/** An index request: shape, page window and sort order. */
export interface ListOptions {
  shape: Shape;
  limit: number;
  offset: number;
  sort: Sort;
}

/**
 * Zammad's assets: `{Model: {"<id>": record}}`, model names without `::`, each record in its
 * plain shape as the caller may see it. Passwords never go in.
 */
export type Assets = Record<string, Record<string, Row>>;

export function addAsset(assets: Assets, model: string, record: Row): void {
  const bucket = assets[model] ?? {};
  bucket[String(record.id)] = record;
  assets[model] = bucket;
}

export function hasAsset(assets: Assets, model: string, id: number): boolean {
  return assets[model]?.[String(id)] !== undefined;
}
