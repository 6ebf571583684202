/** Cases: the errand across contacts and channels (DESIGN §4). Pure domain, no I/O. */
export * as trackingCode from './tracking-code.js';
export * from './case-machine.js';
