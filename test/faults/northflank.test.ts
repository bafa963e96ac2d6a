// The fault table (table.ts) for northflank: every sandbox fault kind, exact invoices or a clear error.
import { runTable } from './table';

runTable('northflank');
