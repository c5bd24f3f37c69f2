import { contactsTable } from './schema.js';

/** What saving a contact's new state sets: every column but its key, its creation and its merge, which saves never change. */
export const CONTACT_UPDATE_COLUMNS = contactsTable.except('id', 'created_at', 'merged_into');
