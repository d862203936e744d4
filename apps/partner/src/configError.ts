export { ConfigError } from '@recovery/http';
