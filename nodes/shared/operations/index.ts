export { download } from './download.operation';
export { get } from './get.operation';
export { getMany } from './getMany.operation';
