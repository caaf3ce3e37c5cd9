export * from './field-layout';
export * from './resident-layout';
export * from './foreign-2017-layout';
export * from './foreign-2023-layout';
export * from './hmt-permit-layout';
