export * from './topics.js';
export * from './common.js';
export * from './mqtt.js';
export * from './http.js';
export * from './validate.js';
export * from './locales/index.js';
