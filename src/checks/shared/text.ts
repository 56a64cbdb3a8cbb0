// Text helpers for findings. Shared by checks; not a check.

/** The first lines of a go command's stderr, for a message. */
export function firstLines(text: string, n = 3): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.slice(0, n).join('\n') + (lines.length > n ? `\n… (${lines.length - n} more lines)` : '');
}

/** "a, b, c and 4 more" */
export function shortList(items: string[], max = 5): string {
  return items.slice(0, max).join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');
}
