import type { ContentPart, MediaSource } from '../../core/chat-request.js';
import { GatewayError } from '../../core/errors.js';

type WireBlock = Record<string, unknown>;
type MediaPart = Extract<ContentPart, { type: 'image' } | { type: 'file' }>;

// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html
const IMAGE_FORMATS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html
const DOCUMENT_FORMATS: Record<string, string> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

const EXTENSION_MEDIA_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  pdf: 'application/pdf', csv: 'text/csv', doc: 'application/msword', xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html', txt: 'text/plain', md: 'text/markdown',
};

/**
 * An image or file part -> a Converse `image` or `document` block. Converse reads media
 * only inline (base64 `bytes`) or from S3 (`s3://` URLs); it cannot fetch an http(s) URL,
 * and the gateway does not fetch on a caller's behalf. Media Converse cannot carry is a
 * 400 naming the part, not a warning: the model would answer without what it was asked
 * about. A document is named after its file, else `document-<documentNumber>` (Converse
 * requires a name).
 */
export function encodeBedrockConverseMedia(part: MediaPart, param: string, documentNumber: number): WireBlock {
  const source = part.source;
  const mediaType = (part.type === 'file' ? part.mediaType : mediaTypeOf(source)).toLowerCase();
  const wireSource = encodeSource(source, param);
  const imageFormat = IMAGE_FORMATS[mediaType];
  if (imageFormat !== undefined) return { image: { format: imageFormat, source: wireSource } };
  const documentFormat = part.type === 'file' ? DOCUMENT_FORMATS[mediaType] : undefined;
  if (documentFormat !== undefined) {
    const filename = part.type === 'file' ? part.filename : undefined;
    return { document: { format: documentFormat, name: documentName(filename, documentNumber), source: wireSource } };
  }
  const accepted = part.type === 'image' ? Object.keys(IMAGE_FORMATS) : [...Object.keys(IMAGE_FORMATS), ...Object.keys(DOCUMENT_FORMATS)];
  throw new GatewayError('GW_INVALID_REQUEST', `${param}: bedrock-converse does not accept "${mediaType || 'unknown'}" ${part.type}s (accepted: ${accepted.join(', ')})`, { param });
}

function encodeSource(source: MediaSource, param: string): WireBlock {
  if (source.type === 'base64') return { bytes: source.data };
  if (source.url.startsWith('s3://')) return { s3Location: { uri: source.url } };
  throw new GatewayError(
    'GW_INVALID_REQUEST',
    `${param}: bedrock-converse accepts media only as base64 data (a data: URL) or an s3:// URL, not a web URL`,
    { param },
  );
}

function mediaTypeOf(source: MediaSource): string {
  if (source.type === 'base64') return source.mediaType;
  const path = source.url.split(/[?#]/, 1)[0] ?? '';
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return EXTENSION_MEDIA_TYPES[extension] ?? '';
}

/** Converse names allow letters, digits, single spaces, hyphens, parentheses and brackets. */
function documentName(filename: string | undefined, documentNumber: number): string {
  const stem = (filename ?? '').replace(/\.[A-Za-z0-9]+$/, '');
  const cleaned = stem.replace(/[^A-Za-z0-9\s\-()[\]]/g, '-').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? `document-${documentNumber}` : cleaned;
}
