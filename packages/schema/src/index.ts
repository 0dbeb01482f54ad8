export * from './auth.js';
export {
  type Column,
  type ColumnKind,
  country,
  currency,
  datetime,
  decimal,
  email,
  oneOf,
  optional,
  phone,
  text,
} from './columns.js';
export { type Dataset, type DatasetDefinition, defineDataset } from './dataset.js';
export {
  columnInfo,
  type DatasetRowsInput,
  type DatasetRowsOutput,
  type DatasetSummary,
  datasetName,
  datasetRow,
  datasetRowsInput,
  datasetRowsOutput,
  datasetSummary,
  datasetsListOutput,
} from './dataset-api.js';
export { contacts } from './datasets/contacts.js';
export { type DatasetName, datasetNames, datasets, getDataset } from './datasets/index.js';
export { orders } from './datasets/orders.js';
export {
  type ErrorBody,
  type ErrorCode,
  type ErrorIssue,
  errorBody,
  errorCode,
  errorCodes,
  errorIssue,
} from './errors.js';
export {
  type ColumnMapping,
  type CreateFromRowsInput,
  type CreateFromRowsOutput,
  type CreateFromUploadInput,
  columnMapping,
  createFromRowsInput,
  createFromRowsOutput,
  createFromUploadInput,
  type ImportDetail,
  type ImportStatus,
  type ImportSummary,
  type ImportsListInput,
  type ImportsListOutput,
  importDetail,
  importId,
  importStatus,
  importSummary,
  importsGetInput,
  importsListInput,
  importsListOutput,
  mappingProposal,
  type Rejection,
  rejection,
  type UploadPreview,
  uploadPreview,
  uploadPreviewInput,
} from './imports.js';
export {
  type Charge,
  type ChargeStatus,
  type CreateChargeInput,
  charge,
  chargeStatus,
  chargesGetInput,
  createChargeInput,
} from './payments.js';
export { checkRow, describeRejection, type RowCheck } from './row-validation.js';
export {
  type CreateWebhookEndpointInput,
  createdWebhookEndpoint,
  createWebhookEndpointInput,
  deliveryStatus,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEvent,
  webhookDeliveriesInput,
  webhookDelivery,
  webhookDeliveryId,
  webhookEndpoint,
  webhookEndpointId,
  webhookEvent,
  webhookEvents,
} from './webhooks.js';
