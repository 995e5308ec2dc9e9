export { RequestLogExporter } from './request-log-exporter.js';
export type { ExportQueue, RequestLogExporterOptions } from './request-log-exporter.js';
