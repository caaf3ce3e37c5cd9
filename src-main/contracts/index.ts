export * from './admin';
export * from './hall-config';
export * from './issues';
export * from './kiosk-api';
export * from './session';
export * from './socket-events';
export * from './socket-inputs';
export * from './views';
