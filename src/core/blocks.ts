// Which elements are blocks, in one place for everything that reads or marks a page: the scanner
// (a number, its sentence and its tel: link stay inside one block), the claim scope (a line break
// where one block's text meets another's) and the content script (where a change is rescanned,
// where a badge's search for the link around its number stops). By localName, lowercase as HTML
// documents keep it.

/** Elements that end a run of text: the scanner reads each one's text as its own segment. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'nav', 'ol',
  'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'button', 'label', 'legend',
])

/**
 * The blocks that hold running text (paragraphs, cells, list items, headings, sections), a subset
 * of BLOCK_TAGS: the content script rescans a change in the closest one, and a badge goes after
 * the link around its number unless one of these stands between them. The controls, lists,
 * tables, forms and navigation of BLOCK_TAGS are not among them: a number in
 * `<a href=…><button>…</button></a>` gets its badge after the link, where a click on the badge
 * neither follows the link nor presses the button, and a change inside a <nav> or a <tr> is
 * rescanned in the text block around it.
 */
export const TEXT_BLOCK_TAGS: ReadonlySet<string> = new Set([
  'p', 'div', 'li', 'td', 'th', 'dd', 'dt', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'main', 'aside',
  'blockquote', 'address', 'figcaption', 'body',
])

/** TEXT_BLOCK_TAGS as a selector, for Element.closest(). */
export const TEXT_BLOCK_SELECTOR = [...TEXT_BLOCK_TAGS].join(',')
