// Issue I (i-record): the practice live room's items on a replay's timeline (timeline.json kinds
// commerce-pin, commerce-flash-start, commerce-flash-end, commerce-order; docs/playback.md): the
// label and the line to show. Money comes in fen. Keys: cmr.tl.*
import { t } from './i18n.js';

const yuan = (fen) => t('cmr.yuan', { v: (Number(fen || 0) / 100).toFixed(2) });

export const isCommerce = (item) => typeof item.kind === 'string' && item.kind.startsWith('commerce-');

export const commerceLabel = (item) => t(`cmr.tl.${item.kind}`);

export function commerceText(item) {
  const product = item.text || item.productId || '';
  switch (item.kind) {
    case 'commerce-pin': return t('cmr.tl.pin', { product, price: yuan(item.priceFen) });
    case 'commerce-flash-start': return t('cmr.tl.flashStart', { product, price: yuan(item.priceFen), seconds: item.seconds });
    case 'commerce-flash-end': return t('cmr.tl.flashEnd', { product, sold: item.sold ?? 0 });
    case 'commerce-order': return t('cmr.tl.order', { product, quantity: item.quantity, total: yuan(item.totalFen) });
    default: return product;
  }
}
