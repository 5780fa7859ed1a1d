/**
 * Text for places that show no Markdown (quick pick details, walkthrough step descriptions):
 * `code` and **bold** lose their marks, links keep their text.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]*)`/g, '$1');
}
