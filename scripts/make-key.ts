import { randomBytes } from 'node:crypto';

// A random key for a device or for the ID hash key file (secrets.idHashKeyFile): 32 bytes, base64url (43 characters).
console.log(randomBytes(32).toString('base64url'));
