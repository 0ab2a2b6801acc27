// The practice live room on the trainee page (issue I): the room bar and the pinned product's card
// (讲解中) for everyone; for the audience quantity, a page-local cart (ordered item by item with
// commerce.order.place), 立即购买 and their orders; for the host the console (commerce-host.js).
//   #cm-live[data-role=host|audience|watcher][data-room-id], #cm-card[data-product-id],
//   #cm-card-stock[data-stock], #cm-flash-countdown[data-seconds-left], #cm-buy, #cm-buy-error[data-code],
//   #cm-buy-ok, #cm-cart, #cm-orders li[data-order-id]
import { el } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { isConnectionError, mmss, serverClock, whoAmI } from './interaction-common.js';
import { CommerceRoomState, orderErrorText, yuan } from './commerce-common.js';
import { mountCommerceHost } from './commerce-host.js';

const $ = (id) => document.getElementById(id);

export function mountCommerceTrainee(ctx, camera) {
  const { client } = ctx;
  const ui = {
    live: $('cm-live'), name: $('cm-live-name'), host: $('cm-live-host'),
    card: $('cm-card'), img: $('cm-card-img'), cardName: $('cm-card-name'), promo: $('cm-card-promo'),
    price: $('cm-card-price'), listPrice: $('cm-card-list-price'), flash: $('cm-flash'),
    countdown: $('cm-flash-countdown'), stock: $('cm-card-stock'), noCard: $('cm-no-card'),
    buyRow: $('cm-buy-row'), qty: $('cm-qty'), addCart: $('cm-add-cart'), buy: $('cm-buy'),
    buyError: $('cm-buy-error'), buyOk: $('cm-buy-ok'),
    audience: $('cm-audience'), cart: $('cm-cart'), cartCount: $('cm-cart-count'), checkout: $('cm-checkout'),
    orders: $('cm-orders'), ordersCount: $('cm-orders-count'),
  };
  const state = new CommerceRoomState(client);
  const cart = new Map();        // productId -> {productId, name, quantity, error?}
  const orders = [];             // newest first: the order as the server acknowledged it, with the product's name
  let busy = false;
  let ticker = null;

  function me() { return whoAmI(ctx); }
  function role() {
    const who = me();
    if (!state.room || !who) return 'none';
    if (who.role !== 'trainee') return 'watcher';
    return state.room.hostId === who.userId ? 'host' : 'audience';
  }

  function quantity() {
    const n = Number(ui.qty.value);
    return Number.isInteger(n) && n >= 1 && n <= 99 ? n : null;
  }

  let shownError = null;     // {e, product}: said again in the other language after a switch
  function showBuyError(e, product) {
    ui.buyOk.hidden = true;
    shownError = e && !isConnectionError(e) ? { e, product } : null;
    if (!shownError) { ui.buyError.hidden = true; ui.buyError.textContent = ''; delete ui.buyError.dataset.code; return; }
    ui.buyError.hidden = false;
    ui.buyError.textContent = e.key ? t(e.key) : orderErrorText(e, product);
    ui.buyError.dataset.code = String(e.code ?? '');
  }

  /** Orders one item; resolves with the order, or rejects with the protocol error. */
  async function place(productId, qty) {
    const ok = await client.request('commerce.order.place', { productId, quantity: qty });
    const o = ok.order;
    if (o?.at) serverClock.sync(o.at);
    const p = state.room?.products.get(o.productId);
    if (p && Number.isInteger(o.stockLeft) && p.stock > o.stockLeft) p.stock = o.stockLeft;
    orders.unshift({ ...o, name: p?.name || cart.get(productId)?.name || productId });
    return o;
  }

  ui.buy.addEventListener('click', async () => {
    const p = state.pinned();
    if (!p || busy) return;
    const qty = quantity();
    if (!qty) { showBuyError({ key: 'cm.err.quantity' }); ui.qty.focus(); return; }
    busy = true; showBuyError(null); render();
    try {
      const o = await place(p.productId, qty);
      ui.buyOk.hidden = false;
      ui.buyOk.textContent = t('cm.ordered', { n: o.quantity, total: yuan(o.totalFen) });
      ui.buyOk.dataset.orderId = o.orderId;
    } catch (e) { showBuyError(e, state.room?.products.get(p.productId)); }
    finally { busy = false; render(); }
  });

  ui.addCart.addEventListener('click', () => {
    const p = state.pinned();
    if (!p) return;
    const qty = quantity();
    if (!qty) { showBuyError({ key: 'cm.err.quantity' }); ui.qty.focus(); return; }
    showBuyError(null);
    const had = cart.get(p.productId);
    cart.set(p.productId, { productId: p.productId, name: p.name, quantity: Math.min(99, (had?.quantity || 0) + qty) });
    render();
  });

  ui.checkout.addEventListener('click', async () => {
    if (busy || cart.size === 0) return;
    busy = true; showBuyError(null); render();
    // Item by item: each is its own order, decided on its own against the stock.
    for (const item of [...cart.values()]) {
      try {
        await place(item.productId, item.quantity);
        cart.delete(item.productId);
      } catch (e) {
        if (isConnectionError(e)) break;
        item.error = orderErrorText(e, state.room?.products.get(item.productId));
        item.code = e.code;
      }
      render();
    }
    busy = false; render();
  });

  function cartItem(item) {
    return el('li', { class: 'cm-item', 'data-product-id': item.productId, 'data-code': item.code != null ? String(item.code) : null },
      el('span', { class: 'cm-item-name' }, item.name), ' ',
      el('span', { class: 'cm-item-qty' }, `×${item.quantity}`),
      item.error ? el('span', { class: 'cm-item-error', role: 'alert' }, item.error) : null,
      el('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': t('cm.cartRemove', { name: item.name }),
        onclick: () => { cart.delete(item.productId); render(); } }, '×'));
  }

  function orderItem(o) {
    return el('li', { class: 'cm-item', 'data-order-id': o.orderId, 'data-product-id': o.productId },
      el('span', { class: 'cm-item-name' }, o.name), ' ',
      el('span', { class: 'cm-item-qty' }, `×${o.quantity}`), ' ',
      el('strong', {}, yuan(o.totalFen)),
      o.flash ? el('span', { class: 'cm-badge cm-badge-flash' }, t('cm.flashBadge')) : null);
  }

  function renderCard() {
    const p = state.pinned();
    ui.card.hidden = !p;
    ui.noCard.hidden = !!p || !state.room;
    if (!p) { delete ui.card.dataset.productId; return false; }
    ui.card.dataset.productId = p.productId;
    if (ui.img.getAttribute('src') !== p.imageUrl) ui.img.setAttribute('src', p.imageUrl);
    ui.img.alt = p.name;
    ui.cardName.textContent = p.name;
    ui.promo.textContent = p.promotion || '';
    ui.promo.hidden = !p.promotion;
    const f = state.flashOf(p.productId);
    ui.price.textContent = yuan(f ? f.priceFen : p.priceFen);
    ui.price.dataset.priceFen = String(f ? f.priceFen : p.priceFen);
    ui.listPrice.hidden = !f;
    ui.listPrice.textContent = yuan(p.priceFen);
    ui.flash.hidden = !f;
    const left = f ? serverClock.secondsUntil(f.endsAt) : 0;
    ui.countdown.textContent = mmss(left);
    ui.countdown.dataset.secondsLeft = String(left);
    ui.stock.dataset.stock = String(p.stock);
    ui.stock.textContent = p.stock > 0 ? t('cm.stockLeft', { n: p.stock }) : t('cm.soldOut');
    ui.card.dataset.soldOut = String(p.stock === 0);
    return !!f;
  }

  function render() {
    const room = state.room;
    const r = role();
    ui.live.hidden = !room;
    ui.live.dataset.role = r;
    ui.live.dataset.roomId = room?.roomId || '';
    document.body.dataset.commerce = r;
    if (room) {
      ui.name.textContent = room.title || '';
      ui.host.textContent = room.hostId ? t('cm.hostIs', { name: room.hostName || room.hostId }) : t('cm.noHost');
    }
    for (const tile of document.querySelectorAll('#remote-videos .tile')) {
      tile.classList.toggle('cm-host-tile', !!room?.hostId && tile.dataset.userId === room.hostId && tile.dataset.kind === 'camera');
    }
    const flashing = renderCard();
    const audience = r === 'audience';
    const live = ctx.lessonState === 'live' && client.isOpen;
    ui.buyRow.hidden = !audience;
    ui.audience.hidden = !audience;
    const p = state.pinned();
    ui.buy.disabled = busy || !live || !p || p.stock === 0;
    ui.addCart.disabled = busy || !p || p.stock === 0;
    ui.checkout.disabled = busy || !live || cart.size === 0;
    ui.cart.replaceChildren(...[...cart.values()].map(cartItem));
    if (cart.size === 0) ui.cart.append(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('cm.cartEmpty')));
    ui.cartCount.textContent = String(cart.size);
    ui.orders.replaceChildren(...orders.map(orderItem));
    if (orders.length === 0) ui.orders.append(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('cm.noOrders')));
    ui.ordersCount.textContent = String(orders.length);
    ui.ordersCount.dataset.count = String(orders.length);
    host.render();
    if (flashing && !ticker) ticker = setInterval(render, 500);
    if (!flashing && ticker) { clearInterval(ticker); ticker = null; }
  }

  const host = mountCommerceHost(ctx, state, camera, { isHost: () => role() === 'host', rerender: () => render() });

  state.listen((type) => {
    if (type === 'commerce.room.closed' || type === 'commerce.room.left' || type === 'reset') { cart.clear(); showBuyError(null); }
    if (type === 'commerce.room.state' && state.room?.flash && !serverClock.known) {
      // A sale that started before we came: ask the server's clock for the countdown.
      client.request('ping').then((ok) => { if (ok.serverTime) { serverClock.sync(ok.serverTime); render(); } }).catch(() => {});
    }
    render();
  });
  client.on('stream.published', () => render());
  ctx.media.addEventListener('remote-added', () => render());
  ctx.interaction.onJoined.push(() => state.reset());
  ctx.interaction.onRender.push(render);
  onLangChange(() => {
    if (shownError) { ui.buyError.textContent = shownError.e.key ? t(shownError.e.key) : orderErrorText(shownError.e, shownError.product); }
    render();
  });
  render();
  return state;
}
