// Admin console of the transactions coordinator. Plain JavaScript, no dependencies, no build step.
// Every piece of data from the API goes into the page as text (textContent / text nodes), never as HTML.
'use strict';

(() => {
  const KEY_STORAGE = 'tx.console.apiKey';
  const LIST_LIMIT = 50;
  const STATUSES = ['Active', 'Committing', 'Committed', 'RollingBack', 'RolledBack'];
  const PHASE_TWO = ['Committing', 'RollingBack'];
  const TERMINAL = ['Committed', 'RolledBack'];
  const apiMeta = document.querySelector('meta[name="tx-admin-api"]');
  const apiBase = ((apiMeta && apiMeta.content) || '/api/v1/admin').replace(/\/+$/, '');
  // The jobs dashboard (Hangfire) of the same service: {path base}/hangfire.
  const jobsPath = apiBase.replace(/\/api\/v1\/admin$/, '') + '/hangfire';

  const state = { me: null, cursor: null, listSeq: 0, detailSeq: 0, deadSeq: 0, pendingNotice: null };

  /** The element with data-testid = id. */
  const $ = (id) => document.querySelector(`[data-testid="${id}"]`);

  /** Creates an element; strings among the children become text nodes (never parsed as HTML). */
  function el(tag, props, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'testid') element.dataset.testid = value;
      else if (name === 'class') element.className = value;
      else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      element.append(child instanceof Node ? child : String(child));
    }
    return element;
  }

  const show = (element, visible) => { element.hidden = !visible; };

  // ---------------------------------------------------------------------------------------------
  // Formatting

  function formatTime(unixMs) {
    if (!unixMs) return '\u2014';
    return new Date(unixMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function formatAge(unixMs) {
    if (!unixMs) return '\u2014';
    let seconds = Math.max(0, Math.floor((Date.now() - unixMs) / 1000));
    const days = Math.floor(seconds / 86400); seconds %= 86400;
    const hours = Math.floor(seconds / 3600); seconds %= 3600;
    const minutes = Math.floor(seconds / 60); seconds %= 60;
    if (days) return `${days}d ${hours}h`;
    if (hours) return `${hours}h ${minutes}m`;
    if (minutes) return `${minutes}m ${seconds}s`;
    return `${seconds}s`;
  }

  const text = (value) => (value === undefined || value === null || value === '' ? '\u2014' : String(value));

  // ---------------------------------------------------------------------------------------------
  // API

  class ApiError extends Error {
    constructor(status, detail, problem) {
      super(detail);
      this.status = status;
      this.detail = detail;
      this.problem = problem;
      this.handled = false;
    }
  }

  function problemText(response, problem) {
    let message = (problem && (problem.detail || problem.title)) || `${response.status} ${response.statusText}`.trim();
    if (problem && problem.errors && typeof problem.errors === 'object') {
      for (const [field, messages] of Object.entries(problem.errors)) {
        message += ` ${field}: ${[].concat(messages).join(' ')}`;
      }
    }
    return message;
  }

  /** Calls the admin API with the stored key; resolves to the parsed JSON, rejects with an ApiError. */
  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const key = sessionStorage.getItem(KEY_STORAGE);
    if (key) headers['X-Api-Key'] = key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(apiBase + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (error) {
      throw new ApiError(0, `Cannot reach the coordinator (${error.message}).`, null);
    }

    const raw = await response.text();
    let data = null;
    if (raw) {
      try { data = JSON.parse(raw); } catch { data = null; }
    }

    if (response.ok) return data;
    throw new ApiError(response.status, problemText(response, data), data);
  }

  /** Like api, but a 401 signs the operator out with a clear message. */
  async function call(method, path, body) {
    try {
      return await api(method, path, body);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        error.handled = true;
        signOut(`Your API key is no longer accepted (401): ${error.detail} Sign in again.`);
      }
      throw error;
    }
  }

  function report(error, prefix) {
    if (error && error.handled) return;
    showError(`${prefix}${error instanceof ApiError ? error.detail : String(error)}`);
  }

  // ---------------------------------------------------------------------------------------------
  // Banners

  function showError(message) {
    $('error-text').textContent = message;
    show($('error-banner'), true);
  }

  function showNotice(message) {
    $('notice-text').textContent = message;
    show($('notice-banner'), true);
  }

  function clearBanners() {
    show($('error-banner'), false);
    show($('notice-banner'), false);
  }

  // ---------------------------------------------------------------------------------------------
  // Sign-in

  function showSignIn(message) {
    show($('app'), false);
    show($('identity'), false);
    show($('sign-in'), true);
    const error = $('sign-in-error');
    error.textContent = message || '';
    show(error, Boolean(message));
    $('sign-in-key').value = '';
    $('sign-in-key').focus();
  }

  function signOut(message) {
    state.me = null;
    sessionStorage.removeItem(KEY_STORAGE);
    clearBanners();
    showSignIn(message);
  }

  async function signIn() {
    let me;
    try {
      me = await api('GET', '/whoami');
    } catch (error) {
      sessionStorage.removeItem(KEY_STORAGE);
      if (error.status === 401) {
        showSignIn(`The API key was not accepted (401 Unauthorized): ${error.detail}`);
      } else {
        showSignIn(`Sign-in failed: ${error.detail}`);
      }
      return;
    }

    state.me = { name: String(me.name), role: String(me.role) };
    $('whoami').textContent = `signed in as ${state.me.name} (${state.me.role})`;
    $('whoami').dataset.role = state.me.role;
    show($('identity'), true);
    show($('sign-in'), false);
    show($('sign-in-error'), false);
    show($('app'), true);
    route();
  }

  const isOperator = () => Boolean(state.me) && state.me.role === 'Operator';

  /**
   * Opens the jobs dashboard: its pages are plain navigations, which cannot carry the X-Api-Key header, so the key is
   * posted once to {jobsPath}/login, which answers with an HttpOnly, SameSite=Strict cookie scoped to the dashboard.
   */
  async function openJobs(event) {
    event.preventDefault();
    let response;
    try {
      response = await fetch(jobsPath + '/login', {
        method: 'POST',
        headers: { 'X-Api-Key': sessionStorage.getItem(KEY_STORAGE) || '' },
        credentials: 'same-origin',
      });
    } catch (error) {
      showError(`The jobs dashboard could not be reached: ${error.message}`);
      return;
    }
    if (response.ok) {
      window.location.assign(jobsPath);
    } else if (response.status === 404) {
      showError('Scheduled jobs are switched off on this coordinator (Jobs:Enabled=false).');
    } else {
      showError(`The jobs dashboard refused the key (${response.status}).`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Routing: #/transactions, #/transactions/{xid}, #/dead-letters

  function setView(name) {
    show($('transactions-view'), name === 'list');
    show($('detail-view'), name === 'detail');
    show($('dead-letters-view'), name === 'dead-letters');
    $('tab-transactions').classList.toggle('active', name !== 'dead-letters');
    $('tab-dead-letters').classList.toggle('active', name === 'dead-letters');
  }

  function route() {
    if (!state.me) return;
    clearBanners();
    if (state.pendingNotice) {
      showNotice(state.pendingNotice);
      state.pendingNotice = null;
    }

    const hash = location.hash || '#/transactions';
    const detail = /^#\/transactions\/(.+)$/.exec(hash);
    if (detail) {
      setView('detail');
      loadDetail(decodeURIComponent(detail[1]));
    } else if (hash === '#/dead-letters') {
      setView('dead-letters');
      loadDeadLetters();
    } else {
      setView('list');
      loadList(false);
    }
  }

  const detailHash = (xid) => `#/transactions/${encodeURIComponent(xid)}`;

  // ---------------------------------------------------------------------------------------------
  // Transactions list

  function listQuery(append) {
    const params = new URLSearchParams();
    const status = $('filter-status').value;
    const name = $('filter-name').value.trim();
    if ($('filter-needs-attention').checked) params.set('needsAttention', 'true');
    if (status) params.set('status', status);
    if (name) params.set('name', name);
    params.set('limit', String(LIST_LIMIT));
    if (append && state.cursor) params.set('cursor', state.cursor);
    return params.toString();
  }

  function listTitle() {
    const parts = [];
    if ($('filter-needs-attention').checked) parts.push('Needs attention');
    if ($('filter-status').value) parts.push($('filter-status').value);
    if ($('filter-name').value.trim()) parts.push(`name contains \u201c${$('filter-name').value.trim()}\u201d`);
    return parts.length ? parts.join(' \u00b7 ') : 'All transactions';
  }

  async function loadList(append) {
    const seq = ++state.listSeq;
    if (!append) loadCounts(seq);
    let page;
    try {
      page = await call('GET', `/transactions?${listQuery(append)}`);
    } catch (error) {
      if (seq === state.listSeq) report(error, 'Cannot list the transactions: ');
      return;
    }

    if (seq !== state.listSeq) return;
    $('list-title').textContent = listTitle();
    const body = $('transactions-table').querySelector('tbody');
    if (!append) body.replaceChildren();
    for (const item of (page && page.items) || []) body.append(transactionRow(item));
    state.cursor = (page && page.nextCursor) || null;
    show($('transactions-empty'), body.children.length === 0);
    show($('list-more'), Boolean(state.cursor));
  }

  function transactionRow(item) {
    const open = () => { location.hash = detailHash(item.xid); };
    return el('tr', { testid: 'transaction-row', 'data-xid': item.xid, class: item.needsAttention ? 'attention clickable' : 'clickable', onclick: open },
      el('td', { testid: 'cell-xid' }, el('a', { href: detailHash(item.xid) }, item.xid)),
      el('td', { testid: 'cell-name' }, text(item.name)),
      el('td', { testid: 'cell-kind' }, text(item.kind)),
      el('td', { testid: 'cell-status' }, el('span', { class: `status status-${item.status}` }, text(item.status))),
      el('td', { testid: 'cell-age', title: formatTime(item.createdUnixMs) }, formatAge(item.createdUnixMs)),
      el('td', { testid: 'cell-attempts', class: 'number' }, text(item.phase2Attempts)),
      el('td', { testid: 'cell-last-error', class: 'error-cell' }, text(item.lastError)));
  }

  async function loadCounts(seq) {
    let counts;
    try {
      counts = await call('GET', '/transactions/counts');
    } catch {
      if (seq === state.listSeq) $('counts').replaceChildren();
      return;
    }

    if (seq !== state.listSeq || !counts) return;
    const byStatus = counts.byStatus || {};
    const names = STATUSES.concat(Object.keys(byStatus).filter((s) => !STATUSES.includes(s)));
    const badges = names.map((status) => el('button', {
      type: 'button',
      class: `badge status-${status}`,
      testid: `count-${status}`,
      title: `List the ${status} transactions`,
      onclick: () => { $('filter-status').value = status; $('filter-needs-attention').checked = false; loadList(false); },
    }, `${status} `, el('strong', null, String(byStatus[status] || 0))));
    badges.unshift(el('button', {
      type: 'button',
      class: 'badge attention',
      testid: 'count-needs-attention',
      title: 'List the transactions that need attention',
      onclick: () => { $('filter-status').value = ''; $('filter-needs-attention').checked = true; loadList(false); },
    }, 'Needs attention ', el('strong', null, String(counts.needsAttention || 0))));
    $('counts').replaceChildren(...badges);
  }

  // ---------------------------------------------------------------------------------------------
  // Transaction detail

  async function loadDetail(xid) {
    const seq = ++state.detailSeq;
    $('detail-xid').textContent = xid;
    let detail;
    try {
      detail = await call('GET', `/transactions/${encodeURIComponent(xid)}`);
    } catch (error) {
      if (seq !== state.detailSeq) return;
      renderDetail(xid, null);
      report(error, error.status === 404 ? '' : `Cannot load transaction ${xid}: `);
      return;
    }

    if (seq === state.detailSeq) renderDetail(xid, detail);
  }

  function renderDetail(xid, detail) {
    const tx = (detail && detail.transaction) || null;
    const fields = tx ? [
      ['status', 'Status', tx.status],
      ['name', 'Name', tx.name],
      ['kind', 'Kind', tx.kind],
      ['application', 'Application', tx.applicationId],
      ['needs-attention', 'Needs attention', tx.needsAttention ? 'yes' : 'no'],
      ['created', 'Created', formatTime(tx.createdUnixMs)],
      ['updated', 'Updated', formatTime(tx.updatedUnixMs)],
      ['deadline', 'Deadline', formatTime(tx.deadlineUnixMs)],
      ['completed', 'Completed', formatTime(tx.completedUnixMs)],
      ['attempts', 'Phase-2 attempts', tx.phase2Attempts],
      ['next-attempt', 'Next attempt', formatTime(tx.nextAttemptUnixMs)],
      ['last-error', 'Last error', tx.lastError],
      ['rollback-reason', 'Rollback reason', tx.rollbackReason],
    ] : [];
    $('detail-fields').replaceChildren(...fields.flatMap(([id, label, value]) => [
      el('dt', null, label),
      el('dd', { testid: `detail-${id}`, class: id === 'status' ? `status status-${value}` : undefined }, text(value)),
    ]));

    const actions = [];
    if (tx && isOperator()) {
      const path = `/transactions/${encodeURIComponent(xid)}`;
      if (PHASE_TWO.includes(tx.status)) {
        actions.push(actionButton('action-retry', 'Retry now', `${path}/retry`, xid));
        actions.push(actionButton('action-redrive', 'Re-drive phase 2', `${path}/redrive`, xid));
      }
      if (tx.status === 'Active') actions.push(actionButton('action-force-rollback', 'Force rollback', `${path}/force-rollback`, xid, 'danger'));
      if (TERMINAL.includes(tx.status)) actions.push(actionButton('action-delete', 'Delete', `${path}/delete`, xid, 'danger'));
    }
    if (tx && !isOperator()) {
      actions.push(el('span', { class: 'muted', testid: 'read-only-note' }, 'Read-only key: actions need an Operator key.'));
    }
    $('detail-actions').replaceChildren(...actions);

    // Saga steps are compensated by the coordinator: only TCC branches can be resolved by hand.
    const isSaga = Boolean(tx) && String(tx.kind).toLowerCase() === 'saga';
    const resolvable = Boolean(tx) && isOperator() && !isSaga && PHASE_TWO.includes(tx.status);
    const branches = (detail && detail.branches) || [];
    const steps = (detail && detail.steps) || [];
    show($('branches-section'), !isSaga || branches.length > 0);
    show($('steps-section'), isSaga || steps.length > 0);
    $('branches-table').querySelector('tbody').replaceChildren(...branches.map((branch) => el('tr', { testid: 'branch-row', 'data-branch-id': branch.branchId },
      el('td', { testid: 'branch-id' }, text(branch.branchId)),
      el('td', { testid: 'branch-resource' }, text(branch.resourceId)),
      el('td', { testid: 'branch-action' }, text(branch.actionName)),
      el('td', { testid: 'branch-status' }, el('span', { class: `status status-${branch.status}` }, text(branch.status))),
      el('td', { testid: 'branch-attempts', class: 'number' }, text(branch.attempts)),
      el('td', { testid: 'branch-last-error', class: 'error-cell' }, text(branch.lastError)),
      el('td', null, resolvable && branch.status === 'Registered'
        ? actionButton('action-resolve-branch', 'Resolve branch', `/transactions/${encodeURIComponent(xid)}/branches/${encodeURIComponent(branch.branchId)}/resolve`, `${xid}, branch ${branch.branchId}`)
        : null))));

    $('steps-table').querySelector('tbody').replaceChildren(...steps.map((step) => el('tr', { testid: 'step-row', 'data-branch-id': step.branchId },
      el('td', null, text(step.branchId)),
      el('td', { class: 'number' }, text(step.ordinal)),
      el('td', { class: 'number' }, text(step.group)),
      el('td', { testid: 'step-name' }, text(step.name)),
      el('td', { testid: 'step-status' }, el('span', { class: `status status-${step.status}` }, text(step.status))),
      el('td', { class: 'number' }, text(step.attempts)),
      el('td', { class: 'number' }, text(step.compensationAttempts)),
      el('td', { class: 'error-cell' }, text(step.lastError)))));

    $('events-table').querySelector('tbody').replaceChildren(...((detail && detail.events) || []).map((event) => el('tr', { testid: 'event-row' },
      el('td', { class: 'number' }, text(event.id)),
      el('td', null, formatTime(event.atUnixMs)),
      el('td', { testid: 'event-kind' }, text(event.kind)),
      el('td', null, text(event.branchId)),
      el('td', { testid: 'event-actor' }, text(event.actor)),
      el('td', { testid: 'event-detail' }, text(event.repeats > 1
        ? `${event.detail || ''} (${event.repeats} times in a row, last at ${formatTime(event.lastAtUnixMs)})`
        : event.detail)))));
  }

  function actionButton(testid, label, path, target, style) {
    return el('button', { type: 'button', testid, class: style, onclick: () => runAction(label, path, target, testid === 'action-delete') }, label);
  }

  async function runAction(label, path, target, leavesPage) {
    const reason = await askReason(label, `Transaction ${target}`);
    if (reason === null) return;
    clearBanners();
    let result;
    try {
      result = await call('POST', path, { reason });
    } catch (error) {
      report(error, `${label} refused: `);
      if (!error.handled) refreshDetail();
      return;
    }

    const outcome = result && result.outcome ? String(result.outcome) : 'done';
    const message = result && result.status ? `${label}: ${outcome} (status ${result.status}).` : `${label}: ${outcome}.`;
    if (leavesPage) {
      state.pendingNotice = message;
      location.hash = '#/transactions';
      return;
    }

    showNotice(message);
    refreshDetail();
  }

  function refreshDetail() {
    const match = /^#\/transactions\/(.+)$/.exec(location.hash);
    if (match) loadDetail(decodeURIComponent(match[1]));
  }

  /** Opens the reason dialog; resolves to the reason, or null when cancelled. */
  function askReason(title, target) {
    const dialog = $('reason-dialog');
    const form = $('reason-form');
    const textarea = $('reason-text');
    $('reason-title').textContent = title;
    $('reason-target').textContent = target;
    textarea.value = '';
    textarea.setCustomValidity('');
    return new Promise((resolve) => {
      const finish = (value) => {
        form.removeEventListener('submit', onSubmit);
        $('reason-cancel').removeEventListener('click', onCancel);
        dialog.removeEventListener('cancel', onCancel);
        if (dialog.open) dialog.close();
        resolve(value);
      };
      const onSubmit = (event) => {
        event.preventDefault();
        const reason = textarea.value.trim();
        if (!reason || reason.length > 1024) {
          textarea.setCustomValidity(reason ? 'At most 1024 characters.' : 'A reason is required.');
          textarea.reportValidity();
          return;
        }
        finish(reason);
      };
      const onCancel = (event) => { event.preventDefault(); finish(null); };
      form.addEventListener('submit', onSubmit);
      $('reason-cancel').addEventListener('click', onCancel);
      dialog.addEventListener('cancel', onCancel);
      dialog.showModal();
      textarea.focus();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Dead letters

  async function loadDeadLetters() {
    const seq = ++state.deadSeq;
    const table = $('dead-letters-table');
    let items;
    try {
      items = await call('GET', '/dead-letters');
    } catch (error) {
      if (seq !== state.deadSeq) return;
      show(table, false);
      show($('dead-letters-empty'), false);
      if (error.status === 404 || error.status === 503) {
        // 404: no reliable-message service configured; 503: configured but unreachable.
        const detail = error.problem && error.problem.detail;
        $('dead-letters-unavailable').textContent = error.status === 404
          ? detail || 'The reliable-message service is not configured on this coordinator.'
          : `The reliable-message service is not available: ${error.detail}`;
        show($('dead-letters-unavailable'), true);
      } else {
        report(error, 'Cannot list the dead letters: ');
      }
      return;
    }

    if (seq !== state.deadSeq) return;
    const rows = (Array.isArray(items) ? items : []).map((item) => el('tr', { testid: 'dead-letter-row', 'data-message-id': item.messageId },
      el('td', null, text(item.messageId)),
      el('td', null, text(item.topic)),
      el('td', null, text(item.key)),
      el('td', null, text(item.consumerGroup)),
      el('td', { class: 'number' }, text(item.attempts)),
      el('td', null, formatTime(item.deadSinceUnixMs)),
      el('td', { class: 'error-cell' }, text(item.lastError))));
    table.querySelector('tbody').replaceChildren(...rows);
    show($('dead-letters-unavailable'), false);
    show($('dead-letters-empty'), rows.length === 0);
    show(table, rows.length > 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('sign-in-key').value.trim();
      if (!key) return;
      sessionStorage.setItem(KEY_STORAGE, key);
      signIn();
    });
    $('sign-out').addEventListener('click', () => signOut(''));
    $('tab-jobs').addEventListener('click', openJobs);
    $('error-dismiss').addEventListener('click', () => show($('error-banner'), false));
    $('notice-dismiss').addEventListener('click', () => show($('notice-banner'), false));
    $('filters').addEventListener('submit', (event) => { event.preventDefault(); loadList(false); });
    $('filter-status').addEventListener('change', () => loadList(false));
    $('filter-needs-attention').addEventListener('change', () => loadList(false));
    $('list-more').addEventListener('click', () => loadList(true));
    window.addEventListener('hashchange', route);

    if (sessionStorage.getItem(KEY_STORAGE)) signIn();
    else showSignIn('');
  });
})();
