export * from './entry.ts';
export * from './file-system.ts';
export * from './ops.ts';
export * from './path.ts';
