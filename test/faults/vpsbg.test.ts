// The fault table (table.ts) for vpsbg: every sandbox fault kind, exact invoices or a clear error.
import { runTable } from './table';

runTable('vpsbg');
