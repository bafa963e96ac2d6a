/**
 * The providers' normalizers as the node's output shows them: the provider's draft plus what the
 * engine stamps (`provider`, `pdf.fileName`), via the provider descriptors themselves.
 */
import type { IDataObject } from 'n8n-workflow';

import { i3dNet } from '../../nodes/I3dNet/i3dnet.provider';
import { northflank } from '../../nodes/Northflank/northflank.provider';
import { pph } from '../../nodes/Pph/pph.provider';
import { finishInvoice, type Invoice } from '../../nodes/shared/invoice';
import type { InvoiceProvider, NormalizeEnv } from '../../nodes/shared/provider';
import { vpsbg } from '../../nodes/Vpsbg/vpsbg.provider';
import { wiseCp } from '../../nodes/WiseCp/wisecp.provider';

const listed =
	(provider: InvoiceProvider) =>
	(raw: IDataObject, env: NormalizeEnv): Invoice =>
		finishInvoice(provider.name, provider.normalize(raw, env));

const detailed =
	(provider: InvoiceProvider) =>
	(raw: IDataObject, env: NormalizeEnv, id = ''): Invoice =>
		finishInvoice(provider.name, provider.normalizeDetail ? provider.normalizeDetail(raw, env, id) : provider.normalize(raw, env));

export const normalizeVpsbg = listed(vpsbg);
export const normalizeI3d = listed(i3dNet);
export const normalizeI3dDetail = detailed(i3dNet);
export const normalizeWiseCp = listed(wiseCp);
export const normalizePph = listed(pph);
export const normalizeNorthflank = listed(northflank);
export const normalizeNorthflankDetail = detailed(northflank);
