import type { MediaSource } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';

const DATA_URL = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;
const EXTENSION_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  gif: 'image/gif',
  pdf: 'application/pdf',
};
// Hosts Gemini reads by itself: the Files API and YouTube (video understanding).
const GOOGLE_HOSTS = new Set(['generativelanguage.googleapis.com', 'www.youtube.com', 'youtube.com', 'youtu.be']);

/**
 * An image or file source -> a Gemini part. Inline bytes (and `data:` URLs) become
 * `inlineData`; `gs://` and `https://` URLs become `fileData {fileUri, mimeType}`, which
 * Gemini reads by reference. Gemini does not promise to fetch arbitrary web URLs (that
 * depends on model and API version), so such a URL is sent with a warning; other
 * schemes cannot be sent and are dropped with one. `fileData` needs a MIME type: the
 * part's own, else one read from the URL's extension, else `image/jpeg` with a warning.
 * https://ai.google.dev/gemini-api/docs/file-input-methods
 */
export function encodeGeminiMedia(source: MediaSource, mediaType: string | undefined, warnings: Warning[]): Record<string, unknown> | undefined {
  if (source.type === 'base64') return { inlineData: { mimeType: mediaType ?? source.mediaType, data: source.data } };
  const url = source.url;
  const inline = DATA_URL.exec(url);
  if (inline) return { inlineData: { mimeType: mediaType ?? inline[1], data: inline[2] } };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    addUnsupportedWarning(warnings, 'media-url', 'a media URL that does not parse was dropped');
    return undefined;
  }
  if (parsed.protocol !== 'gs:' && parsed.protocol !== 'https:') {
    addUnsupportedWarning(warnings, 'media-url', `Gemini reads only gs:// and https:// URLs; a ${parsed.protocol} URL was dropped`);
    return undefined;
  }
  if (parsed.protocol === 'https:' && !GOOGLE_HOSTS.has(parsed.hostname)) {
    addUnsupportedWarning(warnings, 'media-url', 'Gemini may not fetch arbitrary https URLs; upload to the Files API or Cloud Storage, or send the bytes');
  }
  return { fileData: { mimeType: mediaType ?? guessMimeType(parsed, warnings), fileUri: url } };
}

function guessMimeType(url: URL, warnings: Warning[]): string {
  const extension = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
  const known = extension === undefined ? undefined : EXTENSION_TYPES[extension];
  if (known) return known;
  addUnsupportedWarning(warnings, 'media-mime-type', 'the URL does not name its media type; sent as image/jpeg');
  return 'image/jpeg';
}
