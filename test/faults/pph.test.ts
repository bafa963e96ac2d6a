// The fault table (table.ts) for pph: every sandbox fault kind, exact invoices or a clear error.
import { runTable } from './table';

runTable('pph');
