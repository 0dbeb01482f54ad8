/**
 * Copies `text` to the clipboard. The async Clipboard API exists only in secure contexts, and a
 * self-hosted instance is often reached over plain HTTP on a LAN, so `source` (the element that
 * shows the text) is selected and copied the old way as a fallback; if that fails too, the text
 * stays selected for the person to copy by hand. Resolves to whether the text was copied.
 */
export async function copyText(text: string, source?: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied permission or an unfocused document: fall through to the selection.
  }
  const selection = window.getSelection();
  if (!source || !selection) return false;
  selection.selectAllChildren(source);
  try {
    // Deprecated, but the only copy available outside secure contexts.
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
