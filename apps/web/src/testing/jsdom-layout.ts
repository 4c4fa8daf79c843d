/**
 * jsdom has no layout: ProseMirror (TipTap) asks for client rects when it scrolls the selection
 * into view or places a suggestion popup. Tests of rich-text editors import this once.
 */
const empty = () =>
  ({ x: 0, y: 0, top: 0, left: 0, bottom: 0, right: 0, width: 0, height: 0, toJSON: () => ({}) }) as DOMRect;
const list = () => Object.assign([] as DOMRect[], { item: () => null }) as unknown as DOMRectList;

for (const proto of [Range.prototype, Element.prototype, Text.prototype as unknown as Element]) {
  const target = proto as unknown as Record<string, unknown>;
  if (typeof target.getClientRects !== 'function') target.getClientRects = list;
  if (typeof target.getBoundingClientRect !== 'function') target.getBoundingClientRect = empty;
}
if (typeof document.elementFromPoint !== 'function') document.elementFromPoint = () => null;
