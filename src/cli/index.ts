export { ADMIN_SYNOPSIS, isAdminCommand, runAdminCommand } from './run-admin-command.js';
