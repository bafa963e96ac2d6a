// The fault table (table.ts) for i3dnet: every sandbox fault kind, exact invoices or a clear error.
import { runTable } from './table';

runTable('i3dnet');
