// The host's console on the trainee page (issue I), shown while commerce.room.state names this
// trainee the host: go live (the camera, with the speaking turns' camera right: media.publish of a
// `camera`), the shelf (put / restock / remove / pin / unpin; prices entered in ¥, sent in fen),
// a flash sale with its countdown, and the dashboard (commerce.stats) with its plot.
//   #cm-host, #cm-go-live[aria-pressed], #cm-go-live-state[data-state], #cm-share-screen[aria-pressed],
//   #cm-screen-state[data-state], #cm-product-form,
//   #cm-product-error[data-code], #cm-shelf li[data-product-id][data-pinned], #cm-flash-form,
//   #cm-flash-state, #cm-host-dashboard
import { el, errorText, detailNode } from './classroom-page.js';
import { t, onLangChange } from './i18n.js';
import { isConnectionError, mmss, serverClock } from './interaction-common.js';
import { parseYuan, yuan, yuanInput } from './commerce-common.js';
import { CommerceDashboard } from './commerce-dashboard.js';

const $ = (id) => document.getElementById(id);

export function mountCommerceHost(ctx, state, camera, { isHost, rerender }) {
  const { client, media } = ctx;
  const ui = {
    host: $('cm-host'), goLive: $('cm-go-live'), goLiveState: $('cm-go-live-state'),
    screen: $('cm-share-screen'), screenState: $('cm-screen-state'),
    form: $('cm-product-form'), id: $('cm-p-id'), name: $('cm-p-name'), image: $('cm-p-image'),
    price: $('cm-p-price'), stock: $('cm-p-stock'), promo: $('cm-p-promo'), save: $('cm-p-save'),
    cancel: $('cm-p-cancel'), error: $('cm-product-error'), shelf: $('cm-shelf'),
    flashForm: $('cm-flash-form'), flashProduct: $('cm-f-product'), flashPrice: $('cm-f-price'),
    flashSeconds: $('cm-f-seconds'), flashStart: $('cm-f-start'), flashState: $('cm-flash-state'),
  };
  const dashboard = new CommerceDashboard($('cm-host-dashboard'));
  const st = { wantLive: false, camState: 'off', busy: false, wasHost: false, screen: null, screenState: 'off' };

  function showError(e, key) {
    if (!e && !key) { ui.error.hidden = true; ui.error.replaceChildren(); delete ui.error.dataset.code; return; }
    ui.error.hidden = false;
    ui.error.replaceChildren(key ? t(key) : errorText(e));
    const d = e && !key ? detailNode(e.message, 'form-error-detail') : null;
    if (d) ui.error.append(' ', d);
    if (e?.code != null) ui.error.dataset.code = String(e.code); else delete ui.error.dataset.code;
  }

  async function call(type, fields, then) {
    st.busy = true; showError(null); rerender();
    try { const ok = await client.request(type, fields); then?.(ok); return ok; } catch (e) {
      if (!isConnectionError(e)) showError(e);
      return null;
    } finally { st.busy = false; rerender(); }
  }

  function setLive(on) {
    st.wantLive = on;
    camera.want('commerce', on);
  }
  ui.goLive.addEventListener('click', () => setLive(!st.wantLive));
  media.addEventListener('local-state', (ev) => {
    if (ev.detail.kind === 'screen') { st.screenState = ev.detail.state; rerender(); return; }
    if (ev.detail.kind !== 'camera') return;
    st.camState = ev.detail.state;
    rerender();
  });

  // The host may share a screen into the main room too (a product page, a shop's back office):
  // the browser asks which; "stop sharing" in its own bar ends it as this button does.
  function stopScreen() {
    const stream = st.screen;
    st.screen = null;
    if (stream) { media.stopLocal('screen'); for (const track of stream.getTracks()) track.stop(); }
    st.screenState = 'off';
  }
  ui.screen.addEventListener('click', async () => {
    if (st.screen) { stopScreen(); rerender(); return; }
    try {
      if (!navigator.mediaDevices?.getDisplayMedia) throw Object.assign(new Error('getDisplayMedia unavailable'), { name: 'NotSupportedError' });
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
      st.screen = stream;
      for (const track of stream.getVideoTracks()) {
        track.addEventListener('ended', () => { if (st.screen === stream) { stopScreen(); rerender(); } });
      }
      media.startLocal('screen', stream);
    } catch (e) {
      showError(null, e.name === 'NotAllowedError' ? 'cm.err.screenDenied' : 'cm.err.screen');
    }
    rerender();
  });

  function clearForm() {
    ui.form.reset();
    ui.id.value = '';
  }

  ui.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = ui.name.value.trim();
    const imageUrl = ui.image.value.trim();
    const priceFen = parseYuan(ui.price.value);
    const stockText = ui.stock.value.trim();
    const promotion = ui.promo.value.trim();
    if (!name) { showError(null, 'cm.err.name'); ui.name.focus(); return; }
    if (!imageUrl) { showError(null, 'cm.err.image'); ui.image.focus(); return; }
    if (priceFen === null || priceFen < 1) { showError(null, 'cm.err.price'); ui.price.focus(); return; }
    if (!/^\d{1,6}$/.test(stockText)) { showError(null, 'cm.err.stock'); ui.stock.focus(); return; }
    const fields = { name, imageUrl, priceFen, stock: Number(stockText) };
    if (promotion) fields.promotion = promotion;
    if (ui.id.value) fields.productId = ui.id.value;
    call('commerce.product.put', fields, (ok) => {
      if (ok.product && state.room) state.room.products.set(ok.product.productId, ok.product);
      clearForm();
    });
  });
  ui.cancel.addEventListener('click', () => { clearForm(); showError(null); rerender(); });

  function edit(p) {
    ui.id.value = p.productId;
    ui.name.value = p.name;
    ui.image.value = p.imageUrl;
    ui.price.value = yuanInput(p.priceFen);
    ui.stock.value = String(p.stock);
    ui.promo.value = p.promotion || '';
    rerender();
    ui.stock.focus();
  }

  ui.flashForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const productId = ui.flashProduct.value;
    const priceFen = parseYuan(ui.flashPrice.value);
    const seconds = Number(ui.flashSeconds.value);
    if (!productId) { showError(null, 'cm.err.flashProduct'); return; }
    if (priceFen === null || priceFen < 1) { showError(null, 'cm.err.price'); ui.flashPrice.focus(); return; }
    if (!Number.isInteger(seconds) || seconds < 10 || seconds > 600) { showError(null, 'cm.err.seconds'); ui.flashSeconds.focus(); return; }
    call('commerce.flash.start', { productId, priceFen, seconds }, (ok) => {
      if (ok.flash && state.room) {
        serverClock.sync(ok.flash.startedAt);
        state.room.flash = ok.flash;
        state.room.pinnedId = ok.flash.productId;
      }
    });
  });

  function shelfItem(p) {
    const pinned = state.room?.pinnedId === p.productId;
    const flash = state.flashOf(p.productId);
    return el('li', { class: `cm-shelf-item${pinned ? ' is-pinned' : ''}`, 'data-product-id': p.productId,
      'data-pinned': String(pinned), 'data-stock': String(p.stock) },
    el('img', { class: 'cm-thumb', src: p.imageUrl, alt: '' }),
    el('div', { class: 'cm-shelf-text' },
      el('strong', { class: 'cm-item-name' }, p.name),
      el('span', {}, ` ${yuan(p.priceFen)} · ${p.stock > 0 ? t('cm.stockLeft', { n: p.stock }) : t('cm.soldOut')}`),
      pinned ? el('span', { class: 'cm-badge' }, t('cm.pinnedBadge')) : null,
      p.promotion ? el('span', { class: 'cm-promo-small' }, p.promotion) : null),
    el('div', { class: 'cm-shelf-actions' },
      el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'edit', onclick: () => edit(p) }, t('cm.edit')),
      el('button', { type: 'button', class: `btn btn-small${pinned ? '' : ' btn-primary'}`, 'data-action': pinned ? 'unpin' : 'pin',
        disabled: st.busy || (pinned && flash) ? '' : null,
        onclick: () => call('commerce.product.pin', pinned ? {} : { productId: p.productId }) }, t(pinned ? 'cm.unpin' : 'cm.pin')),
      el('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-action': 'remove', disabled: st.busy ? '' : null,
        onclick: () => call('commerce.product.remove', { productId: p.productId }) }, t('cm.remove'))));
  }

  function renderFlashProducts(products) {
    const chosen = ui.flashProduct.value || state.room?.pinnedId || '';
    ui.flashProduct.replaceChildren(el('option', { value: '' }, t('cm.flashPick')),
      ...products.map((p) => el('option', { value: p.productId }, `${p.name} (${yuan(p.priceFen)})`)));
    if (products.some((p) => p.productId === chosen)) ui.flashProduct.value = chosen;
  }

  function render() {
    const host = isHost();
    ui.host.hidden = !host;
    if (!host) {
      if (st.wasHost) { setLive(false); stopScreen(); clearForm(); showError(null); dashboard.reset(); }
      st.wasHost = false;
      return;
    }
    st.wasHost = true;
    const live = ctx.lessonState === 'live' && client.isOpen;
    ui.goLive.setAttribute('aria-pressed', String(st.wantLive));
    ui.goLive.textContent = t(st.wantLive ? 'cm.stopLive' : 'cm.goLive');
    ui.goLive.disabled = !live;
    ui.screen.setAttribute('aria-pressed', String(!!st.screen));
    ui.screen.textContent = t(st.screen ? 'cm.stopScreen' : 'cm.shareScreen');
    ui.screen.disabled = !live && !st.screen;
    const ss = st.screen ? (st.screenState === 'off' ? 'waiting' : st.screenState) : 'off';
    ui.screenState.dataset.state = ss;
    ui.screenState.textContent = ss === 'off' ? '' : t(`cm.scr.${ss}`);
    const cs = st.wantLive ? (st.camState === 'off' ? 'waiting' : st.camState) : 'off';
    ui.goLiveState.dataset.state = cs;
    ui.goLiveState.textContent = t(`cm.cam.${cs}`);
    ui.save.textContent = t(ui.id.value ? 'cm.saveEdit' : 'cm.put');
    ui.cancel.hidden = !ui.id.value;
    ui.save.disabled = st.busy || !live;
    const products = [...(state.room?.products.values() || [])];
    ui.shelf.replaceChildren(...products.map(shelfItem));
    if (products.length === 0) ui.shelf.append(el('li', { class: 'empty-item', 'data-empty': 'true' }, t('cm.shelfEmpty')));
    renderFlashProducts(products);
    const f = state.room?.flash;
    const left = f ? serverClock.secondsUntil(f.endsAt) : 0;
    ui.flashStart.disabled = st.busy || !live || (f && left > 0);
    ui.flashState.hidden = !(f && left > 0);
    if (f && left > 0) {
      const p = state.room.products.get(f.productId);
      ui.flashState.textContent = t('cm.flashRunning', { name: p?.name || f.productId, price: yuan(f.priceFen), left: mmss(left) });
      ui.flashState.dataset.secondsLeft = String(left);
    }
  }

  state.listen((type) => {
    if (type === 'commerce.stats' && isHost()) dashboard.update(state.stats);
    if (type === 'commerce.room.closed' || type === 'commerce.room.left' || type === 'reset') dashboard.reset();
  });
  onLangChange(() => rerender());
  return { render };
}
