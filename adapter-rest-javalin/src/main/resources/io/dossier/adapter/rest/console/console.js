/*
 * The Dossier web console: a page over the public /v1 API and nothing else. No framework and no
 * build step; the credential lives in this tab's session storage only. Every text from the API is
 * put into the page as text (search snippets are rebuilt from their <mark> elements), never as HTML.
 */
(function () {
  'use strict';

  const PAGE = 20;
  /** Files from this size go straight to the store when the browser may post to it. */
  const DIRECT_FROM = 16 * 1024 * 1024;
  const main = document.getElementById('main');
  const status = document.getElementById('status');

  // ---- credentials -------------------------------------------------------------------------

  function credential() {
    try {
      return JSON.parse(sessionStorage.getItem('dossier.credential') || 'null');
    } catch (e) {
      return null;
    }
  }

  function authHeaders() {
    const c = credential();
    if (!c) return {};
    return c.kind === 'bearer' ? { Authorization: 'Bearer ' + c.value } : { 'X-API-Key': c.value };
  }

  function signOut() {
    sessionStorage.removeItem('dossier.credential');
    location.hash = '#/signin';
  }

  // ---- API ---------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function problemOf(response) {
    let text = '';
    try {
      text = await response.text();
      const body = JSON.parse(text);
      return body.detail || body.title || body.message || text;
    } catch (e) {
      return text || response.status + ' ' + response.statusText;
    }
  }

  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    opts.headers = Object.assign({ Accept: 'application/json' }, authHeaders(), opts.headers || {});
    if (opts.json !== undefined) {
      opts.body = JSON.stringify(opts.json);
      opts.headers['Content-Type'] = 'application/json';
      delete opts.json;
    }
    const response = await fetch(path, opts);
    if (response.status === 401) {
      signOut();
      throw new ApiError(401, 'Signed out: ' + await problemOf(response));
    }
    if (!response.ok) {
      throw new ApiError(response.status, await problemOf(response));
    }
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
  }

  // ---- page helpers ------------------------------------------------------------------------

  /** An element with attributes (on… keys become listeners) and children (strings become text). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'text') el.textContent = value;
      else el.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  let fieldIds = 0;
  /** A labelled form field. */
  function field(label, input, cls) {
    const id = input.id || ('f' + (++fieldIds));
    input.id = id;
    return h('div', { class: 'field ' + (cls || '') }, h('label', { for: id }, label), input);
  }

  function say(message) {
    status.textContent = message;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => { status.textContent = ''; }, 4000);
  }

  function show(...nodes) {
    main.replaceChildren(...nodes);
  }

  function size(bytes) {
    if (bytes === null || bytes === undefined) return '';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let n = bytes;
    let u = 0;
    while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
    return (u === 0 ? n : n.toFixed(1)) + ' ' + units[u];
  }

  function when(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  /** The snippet's words in <mark>, everything else as text. */
  function snippet(html) {
    const out = h('div', { class: 'snippet' });
    const parsed = new DOMParser().parseFromString('<body>' + (html || '') + '</body>', 'text/html');
    for (const node of parsed.body.childNodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === 'MARK') out.append(h('mark', {}, node.textContent));
      else out.append(document.createTextNode(node.textContent));
    }
    return out;
  }

  function failure(error) {
    return h('p', { class: 'error', role: 'alert' }, error.message || String(error));
  }

  async function download(path, fileName) {
    const response = await fetch(path, { headers: authHeaders() });
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    const url = URL.createObjectURL(await response.blob());
    const a = h('a', { href: url, download: fileName || 'download' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  // ---- uploads -----------------------------------------------------------------------------

  /** Sends a request with upload progress; resolves with the parsed answer, rejects with the API's message. */
  function send(method, url, body, headers, onProgress, onAbortable) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      for (const [k, v] of Object.entries(headers || {})) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); };
      xhr.onload = () => {
        let parsed = null;
        try { parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch (e) { parsed = null; }
        // The store answers its errors in S3's XML: its <Message> is the reason.
        const stored = /<Message>([^<]*)<\/Message>/.exec(xhr.responseText || '');
        if (xhr.status >= 200 && xhr.status < 300) resolve(parsed);
        else reject(new ApiError(xhr.status, (parsed && (parsed.detail || parsed.title || parsed.message))
            || (stored && 'the store refused the file: ' + stored[1]) || xhr.responseText || ('HTTP ' + xhr.status)));
      };
      xhr.onerror = () => reject(new ApiError(0, 'the connection failed'));
      xhr.onabort = () => reject(new ApiError(-1, 'cancelled'));
      onAbortable(() => xhr.abort());
      xhr.send(body);
    });
  }

  /** True when the browser may post to the store (its CORS lets this page's origin read answers). */
  const reachable = {};
  async function storeReachable(url) {
    const origin = new URL(url, location.href).origin;
    if (origin === location.origin) return true;
    if (!(origin in reachable)) {
      reachable[origin] = fetch(url, { method: 'GET', mode: 'cors', credentials: 'omit' })
        .then(() => true, () => false);
    }
    return reachable[origin];
  }

  /**
   * One file's upload, as a list item with a progress bar and a cancel button. A new document
   * (documentId empty) or a new version; large files through the presigned form where possible.
   */
  function uploadItem(file, documentId, onDone) {
    const bar = h('progress', { max: '100', value: '0', 'aria-label': 'Upload of ' + file.name });
    const state = h('span', { class: 'state' }, 'waiting');
    let abort = null;
    let cancelled = false;
    const cancel = h('button', { type: 'button', class: 'secondary', onclick: () => {
      cancelled = true;
      if (abort) abort();
    } }, 'Cancel');
    const item = h('li', {}, h('span', { class: 'name' }, file.name + ' (' + size(file.size) + ')'), cancel, bar, state);
    const progress = (loaded, total) => {
      const percent = total > 0 ? Math.floor(loaded * 100 / total) : 0;
      // An attribute, not only the property: assistive technology and tests observe it.
      bar.setAttribute('value', String(percent));
      state.textContent = percent + ' % (' + size(loaded) + ' of ' + size(total) + ')';
    };
    const finish = (ok, text) => {
      cancel.disabled = true;
      state.textContent = text;
      state.className = 'state ' + (ok ? 'good' : 'bad');
      if (ok) bar.setAttribute('value', '100');
    };
    (async () => {
      let made = null;
      try {
        let result;
        let target = documentId;
        if (file.size >= DIRECT_FROM) {
          if (!target) {
            // The document first, so that the bytes, by whichever path, become its first version.
            made = await api('/v1/documents', { method: 'POST', json: { name: file.name } });
            target = made.id;
          }
          result = await direct(file, target, progress, (a) => { abort = a; });
        }
        if (!result && !cancelled) result = await throughApi(file, target, progress, (a) => { abort = a; });
        if (!result) throw new ApiError(-1, 'cancelled');
        finish(true, result.path === 'store' ? 'uploaded straight to the store' : 'uploaded');
        if (onDone) onDone(result);
      } catch (e) {
        finish(false, e.status === -1 ? 'cancelled' : 'refused: ' + e.message);
        if (made) {
          // The empty document this upload made is removed again.
          api('/v1/documents/' + encodeURIComponent(made.id), { method: 'DELETE' }).catch(() => {});
        }
      }
    })();
    return item;
  }

  function throughApi(file, documentId, progress, abortable) {
    const form = new FormData();
    if (!documentId) form.append('name', file.name);
    form.append('file', file, file.name);
    return send('POST', documentId ? '/v1/documents/' + encodeURIComponent(documentId) + '/content' : '/v1/documents',
      form, authHeaders(), progress, abortable);
  }

  /** Through the presigned form: answers empty when the store is out of the browser's reach. */
  async function direct(file, documentId, progress, abortable) {
    if (sessionStorage.getItem('dossier.direct') === 'no') return null;
    const issued = await api('/v1/documents/' + encodeURIComponent(documentId) + '/uploads', {
      method: 'POST', json: { fileName: file.name, contentType: file.type || 'application/octet-stream' } });
    if (!(await storeReachable(issued.url))) {
      // Not again in this tab; the unused ticket expires, and the sweeper closes it.
      sessionStorage.setItem('dossier.direct', 'no');
      return null;
    }
    const form = new FormData();
    for (const [k, v] of Object.entries(issued.fields || {})) form.append(k, v);
    form.append('file', file, file.name);
    await send('POST', issued.url, form, {}, progress, abortable);
    const done = await api('/v1/uploads/' + encodeURIComponent(issued.upload.uploadId) + '/complete', { method: 'POST' });
    return { version: done.version, path: 'store' };
  }

  function uploader(documentId, onDone) {
    const list = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
    const input = h('input', { type: 'file', id: documentId ? 'version-file' : 'files', multiple: !documentId });
    const start = (files) => {
      for (const file of files) list.append(uploadItem(file, documentId, onDone));
    };
    input.addEventListener('change', () => { start(Array.from(input.files)); input.value = ''; });
    const drop = h('div', { class: 'drop' },
      h('label', { for: input.id }, documentId ? 'Choose the file of the new version, or drop it here'
        : 'Choose files to upload, or drop them here'), input);
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      const files = Array.from(e.dataTransfer.files);
      start(documentId ? files.slice(0, 1) : files);
    });
    return h('div', {}, drop, list);
  }

  // ---- views -------------------------------------------------------------------------------

  function signIn() {
    const secret = h('input', { type: 'password', autocomplete: 'off', required: true });
    const message = h('p', { class: 'error', role: 'alert' });
    const form = h('form', { class: 'signin', onsubmit: async (e) => {
      e.preventDefault();
      const value = secret.value.trim();
      const kind = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(value) ? 'bearer' : 'key';
      sessionStorage.setItem('dossier.credential', JSON.stringify({ kind: kind, value: value }));
      try {
        await api('/v1/documents?limit=1');
        location.hash = '#/';
      } catch (error) {
        sessionStorage.removeItem('dossier.credential');
        message.textContent = 'Not signed in: ' + error.message;
      }
    } },
    h('h1', {}, 'Sign in'),
    h('section', {},
      h('p', {}, 'Use an API key of your tenant or a bearer token. It is kept in this browser tab only.'),
      field('API key or bearer token', secret),
      h('p', {}, h('button', { type: 'submit' }, 'Sign in')), message));
    show(form);
    secret.focus();
  }

  function documentsTable(documents) {
    if (!documents.length) return h('p', { class: 'muted' }, 'No documents.');
    return h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', { class: 'hide-narrow' }, 'Type'),
        h('th', { class: 'num' }, 'Size'), h('th', { class: 'num hide-narrow' }, 'Versions'),
        h('th', { class: 'hide-narrow' }, 'Modified'))),
      h('tbody', {}, documents.map((d) => h('tr', {},
        h('td', {}, h('a', { href: '#/documents/' + d.id }, d.name)),
        h('td', { class: 'hide-narrow' }, d.currentVersion ? d.currentVersion.mediaType : '—'),
        h('td', { class: 'num' }, d.currentVersion ? size(d.currentVersion.length) : ''),
        h('td', { class: 'num hide-narrow' }, String(d.versionCount)),
        h('td', { class: 'hide-narrow' }, when(d.lastModifiedAt)))))));
  }

  async function home(query) {
    const params = new URLSearchParams(query || '');
    const filterNames = ['q', 'tag', 'mediaType', 'createdFrom', 'createdTo', 'patient', 'client', 'project'];
    const searching = filterNames.some((n) => params.get(n));
    const inputs = {
      q: h('input', { type: 'search', value: params.get('q') || '', placeholder: 'words, "a phrase", -not' }),
      tag: h('input', { type: 'text', value: params.get('tag') || '' }),
      mediaType: h('input', { type: 'text', value: params.get('mediaType') || '', placeholder: 'application/pdf' }),
      createdFrom: h('input', { type: 'date', value: params.get('createdFrom') || '' }),
      createdTo: h('input', { type: 'date', value: params.get('createdTo') || '' }),
      patient: h('input', { type: 'number', min: '1', value: params.get('patient') || '' }),
      client: h('input', { type: 'number', min: '1', value: params.get('client') || '' }),
      project: h('input', { type: 'number', min: '1', value: params.get('project') || '' })
    };
    const search = h('form', { role: 'search', onsubmit: (e) => {
      e.preventDefault();
      const next = new URLSearchParams();
      for (const [name, input] of Object.entries(inputs)) if (input.value.trim()) next.set(name, input.value.trim());
      go('#/' + (next.toString() ? '?' + next : ''));
    } },
    h('div', { class: 'row' }, field('Search', inputs.q, 'wide'), h('button', { type: 'submit' }, 'Search')),
    h('details', { open: filterNames.slice(1).some((n) => params.get(n)) },
      h('summary', {}, 'Filters'),
      h('div', { class: 'row' }, field('Tag', inputs.tag), field('Type', inputs.mediaType),
        field('Created from', inputs.createdFrom), field('Created to', inputs.createdTo),
        field('Patient', inputs.patient), field('Client', inputs.client), field('Project', inputs.project))));
    const results = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
    show(h('h1', {}, 'Documents'),
      h('section', { 'aria-label': 'Upload' }, h('h2', {}, 'Upload'), uploader(null, () => {
        if (!searching) listPage(results, Number(params.get('offset') || 0));
      })),
      h('section', { 'aria-label': 'Find' }, search, results));
    if (searching) {
      const asked = new URLSearchParams();
      for (const n of filterNames) if (params.get(n)) asked.set(n, params.get(n));
      await searchPage(results, asked, null, true);
    } else {
      await listPage(results, Number(params.get('offset') || 0));
    }
  }

  async function listPage(target, offset) {
    try {
      const page = await api('/v1/documents?offset=' + offset + '&limit=' + PAGE);
      const last = Math.min(page.offset + page.items.length, page.total);
      target.replaceChildren(h('h2', {}, 'All documents'), documentsTable(page.items),
        h('nav', { class: 'pager', 'aria-label': 'Pages' },
          h('button', { type: 'button', class: 'secondary', disabled: offset === 0,
            onclick: () => { location.hash = '#/?offset=' + Math.max(0, offset - PAGE); } }, 'Previous'),
          h('span', {}, page.total === 0 ? '0 documents' : (page.offset + 1) + '–' + last + ' of ' + page.total),
          h('button', { type: 'button', class: 'secondary', disabled: last >= page.total,
            onclick: () => { location.hash = '#/?offset=' + (offset + PAGE); } }, 'Next')));
    } catch (e) {
      target.replaceChildren(failure(e));
    }
  }

  async function searchPage(target, params, cursor, first) {
    try {
      const asked = new URLSearchParams(params);
      if (cursor) asked.set('cursor', cursor);
      const page = await api('/v1/documents?' + asked);
      const hits = page.items.map((hit) => h('li', {},
        h('a', { href: '#/documents/' + hit.document.id }, hit.document.name),
        h('span', { class: 'muted' }, ' · ' + (hit.document.currentVersion ? hit.document.currentVersion.mediaType
          + ', ' + size(hit.document.currentVersion.length) : 'no content')),
        hit.snippet ? snippet(hit.snippet) : null));
      if (first) {
        target.replaceChildren(h('h2', {}, 'Results'),
          hits.length ? h('ul', { class: 'hits' }, hits) : h('p', { class: 'muted' }, 'Nothing found.'));
      } else {
        target.querySelector('ul.hits').append(...hits);
        target.querySelector('.more')?.remove();
      }
      if (page.next) {
        target.append(h('p', { class: 'more' }, h('button', { type: 'button', class: 'secondary',
          onclick: () => searchPage(target, params, page.next, false) }, 'More results')));
      }
    } catch (e) {
      target.replaceChildren(failure(e));
    }
  }

  /** Deleted documents, newest deletion first, each restorable until the trash is emptied. */
  async function trashPage() {
    const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
    show(h('p', {}, h('a', { href: '#/' }, '← Documents')), h('h1', {}, 'Trash'),
      h('section', { 'aria-label': 'Deleted documents' }, h('p', { class: 'muted' },
        'Deleted documents stay here until the trash period has passed; then they are purged for good.'), list));
    try {
      const page = await api('/v1/trash?limit=' + PAGE);
      if (!page.items.length) {
        list.replaceChildren(h('p', { class: 'muted' }, 'The trash is empty.'));
        return;
      }
      list.replaceChildren(h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', { class: 'hide-narrow' }, 'Deleted'), h('th', {}, ''))),
        h('tbody', {}, page.items.map((d) => h('tr', {},
          h('td', {}, d.name),
          h('td', { class: 'hide-narrow' }, when(d.keeping.deleted.at) + ' by ' + d.keeping.deleted.by.display),
          h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => {
            try {
              await api('/v1/trash/' + encodeURIComponent(d.id) + '/restore', { method: 'POST' });
              say('Restored ' + d.name);
              location.hash = '#/documents/' + d.id;
            } catch (e) {
              say('Restore failed: ' + e.message);
            }
          } }, 'Restore'))))))));
      if (page.total > page.items.length) {
        list.append(h('p', { class: 'muted' }, page.items.length + ' of ' + page.total + ' shown'));
      }
    } catch (e) {
      list.replaceChildren(failure(e));
    }
  }

  /** Public links made in this tab; the API does not list a document's tokens. */
  const links = {};

  async function documentPage(id) {
    show(h('p', { class: 'muted' }, 'Loading…'));
    let d;
    let versions;
    let tags;
    try {
      [d, versions, tags] = await Promise.all([api('/v1/documents/' + id), api('/v1/documents/' + id + '/versions'),
        api('/v1/documents/' + id + '/tags')]);
    } catch (e) {
      show(h('p', {}, h('a', { href: '#/' }, '← Documents')), failure(e));
      return;
    }
    const reload = () => documentPage(id);
    const current = d.currentVersion;
    const act = (label, work, cls) => h('button', { type: 'button', class: cls || 'secondary', onclick: async () => {
      try {
        await work();
      } catch (e) {
        say(label + ' failed: ' + e.message);
      }
    } }, label);
    const keeping = d.keeping || {};
    const facts = h('dl', { class: 'facts' },
      h('dt', {}, 'Description'), h('dd', {}, d.description || '—'),
      h('dt', {}, 'Number'), h('dd', {}, String(d.number)),
      h('dt', {}, 'Id'), h('dd', { class: 'mono' }, d.id),
      h('dt', {}, 'Type'), h('dd', {}, current ? current.mediaType : '—'),
      h('dt', {}, 'Size'), h('dd', {}, current ? size(current.length) + ' (' + current.length + ' bytes)' : '—'),
      h('dt', {}, 'SHA-256'), h('dd', { class: 'mono' }, current ? current.sha256 : '—'),
      h('dt', {}, 'File name'), h('dd', {}, current ? current.fileName : '—'),
      h('dt', {}, 'Filed'), h('dd', {}, filing(d.filing)),
      h('dt', {}, 'Visibility'), h('dd', {}, d.visibility),
      h('dt', {}, 'Created'), h('dd', {}, when(d.createdAt) + ' by ' + d.createdBy.display),
      h('dt', {}, 'Modified'), h('dd', {}, when(d.lastModifiedAt)),
      keeping.retainUntil ? [h('dt', {}, 'Retained until'), h('dd', {}, when(keeping.retainUntil))] : null,
      keeping.legalHold ? [h('dt', {}, 'Legal hold'), h('dd', {}, keeping.legalHold.reason + ' (since '
        + when(keeping.legalHold.since) + ')')] : null,
      (keeping.damaged || []).map((x) => [h('dt', { class: 'error' }, 'Damaged'), h('dd', { class: 'error' },
        'version ' + x.version + ': ' + x.problem + ' (found ' + when(x.foundAt) + ')')]),
      Object.entries(d.properties || {}).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

    const preview = h('div', {});
    if (current && current.text && current.text.state === 'done' && current.text.href) {
      api(current.text.href).then((text) => {
        preview.replaceChildren(h('h2', {}, 'Text'), h('pre', { class: 'preview', tabindex: '0' },
          String(text).slice(0, 20000)));
      }, () => preview.replaceChildren());
    } else if (current && current.text && current.text.state === 'pending') {
      preview.append(h('p', { class: 'muted' }, 'The text of this version is being extracted.'));
    }

    const versionRows = versions.items.slice().reverse().map((v) => h('tr', {},
      h('td', { class: 'num' }, String(v.number)),
      h('td', {}, v.fileName, v.restoredFrom ? h('span', { class: 'muted' }, ' (restored from ' + v.restoredFrom + ')') : null),
      h('td', { class: 'num hide-narrow' }, size(v.length)),
      h('td', { class: 'hide-narrow' }, when(v.createdAt) + ' · ' + v.author.display),
      h('td', {}, h('div', { class: 'actions' },
        act('Download', () => download('/v1/documents/' + id + '/versions/' + v.number + '/content', v.fileName)),
        current && v.number !== current.number ? act('Restore', async () => {
          if (!confirm('Restore version ' + v.number + '? It becomes a new version ' + (current.number + 1) + '.')) return;
          await api('/v1/documents/' + id + '/versions/' + v.number + '/restore', { method: 'POST' });
          say('Version ' + v.number + ' restored');
          reload();
        }) : null))));

    const tagName = h('input', { type: 'text', required: true });
    const tagState = h('input', { type: 'number', value: '1', required: true });
    const resistant = h('input', { type: 'checkbox' });
    const tagRows = tags.items.map((t) => {
      const state = h('input', { type: 'number', value: String(t.state), 'aria-label': 'State of ' + t.name });
      return h('tr', {}, h('td', {}, t.name), h('td', {}, state), h('td', {}, h('div', { class: 'actions' },
        act('Change', async () => {
          await api('/v1/documents/' + id + '/tags/' + encodeURIComponent(t.name), { method: 'PUT',
            json: { state: Number(state.value) } });
          say('Tag ' + t.name + ' changed');
          reload();
        }),
        act('Remove', async () => {
          await api('/v1/documents/' + id + '/tags/' + encodeURIComponent(t.name), { method: 'DELETE' });
          say('Tag ' + t.name + ' removed');
          reload();
        }, 'danger'))));
    });
    const tagForm = h('form', { onsubmit: async (e) => {
      e.preventDefault();
      const name = tagName.value.trim() + (resistant.checked && !tagName.value.trim().endsWith(':resistant')
        ? ':resistant' : '');
      try {
        await api('/v1/documents/' + id + '/tags/' + encodeURIComponent(name), { method: 'PUT',
          json: { state: Number(tagState.value) } });
        say('Tag ' + name + ' added');
        reload();
      } catch (error) {
        say('Adding the tag failed: ' + error.message);
      }
    } }, h('div', { class: 'row' }, field('Tag name', tagName), field('State', tagState),
      h('div', { class: 'field' }, h('label', {}, resistant, ' resistant (kept when the content changes)')),
      h('button', { type: 'submit' }, 'Add tag')));

    const made = links[id] || (links[id] = []);
    const linkList = h('ul', {}, made.map((l) => h('li', {},
      h('input', { type: 'text', readonly: true, value: l.url, 'aria-label': 'Public link', class: 'mono' }),
      h('div', { class: 'actions' },
        act('Copy', async () => { await navigator.clipboard.writeText(l.url); say('Link copied'); }),
        act('Revoke', async () => {
          await api('/v1/documents/' + id + '/public-tokens/' + encodeURIComponent(l.id), { method: 'DELETE' });
          made.splice(made.indexOf(l), 1);
          say('Link revoked');
          reload();
        }, 'danger')))));
    const sharing = h('section', { 'aria-label': 'Public links' }, h('h2', {}, 'Public links'),
      d.visibility === 'public'
        ? h('div', {}, h('p', {}, 'Anyone with a link can read the current content.'), linkList,
          h('div', { class: 'actions' },
            act('Create link', async () => {
              const issued = await api('/v1/documents/' + id + '/public-tokens', { method: 'POST', json: {} });
              made.push({ id: issued.id, url: issued.url });
              say('Link created');
              reload();
            }, 'button'),
            act('Make private (revokes every link)', async () => {
              if (!confirm('Make the document private? Every public link stops working.')) return;
              await api('/v1/documents/' + id, { method: 'PATCH', json: { visibility: 'private' } });
              made.length = 0;
              reload();
            }, 'danger')))
        : h('div', {}, h('p', {}, 'The document is private: it has no public links.'),
          act('Make public', async () => {
            await api('/v1/documents/' + id, { method: 'PATCH', json: { visibility: 'public' } });
            reload();
          })));

    show(h('p', {}, h('a', { href: '#/' }, '← Documents')),
      h('h1', {}, d.name),
      h('section', { 'aria-label': 'Details' }, facts,
        h('div', { class: 'actions spaced' },
          current ? act('Download', () => download('/v1/documents/' + id + '/content', current.fileName), 'button') : null,
          act('Delete document', async () => {
            if (!confirm('Move "' + d.name + '" to the trash? It can be restored from there until the trash is emptied.')) return;
            await api('/v1/documents/' + id, { method: 'DELETE' });
            say('Deleted ' + d.name);
            location.hash = '#/';
          }, 'danger')), preview),
      h('section', { 'aria-label': 'New version' }, h('h2', {}, 'Upload a new version'), uploader(id, reload)),
      h('section', { 'aria-label': 'Versions' }, h('h2', {}, 'Versions'), h('div', { class: 'table-wrap' },
        h('table', {}, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Version'), h('th', {}, 'File'),
          h('th', { class: 'num hide-narrow' }, 'Size'), h('th', { class: 'hide-narrow' }, 'Made'), h('th', {}, ''))),
        h('tbody', {}, versionRows)))),
      h('section', { 'aria-label': 'Tags' }, h('h2', {}, 'Tags'),
        tagRows.length ? h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {},
          h('th', {}, 'Name'), h('th', {}, 'State'), h('th', {}, ''))), h('tbody', {}, tagRows)))
          : h('p', { class: 'muted' }, 'No tags.'), tagForm),
      sharing);
  }

  function filing(f) {
    if (!f || f.kind === 'unfiled') return 'not filed';
    if (f.kind === 'patient') return 'patient ' + f.patientId;
    if (f.kind === 'project') return 'client ' + f.clientId + ', project ' + f.projectId;
    return f.kind;
  }

  // ---- routing -----------------------------------------------------------------------------

  /** Goes to a page; asking for the page already shown (the same search again) shows it afresh. */
  function go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  }

  function route() {
    const hash = location.hash || '#/';
    const c = credential();
    document.getElementById('sign-out').hidden = !c;
    document.getElementById('trash-link').hidden = !c;
    document.getElementById('who').textContent = c ? (c.kind === 'bearer' ? 'signed in with a bearer token'
      : 'signed in with an API key') : '';
    if (!c && hash !== '#/signin') {
      location.hash = '#/signin';
      return;
    }
    if (hash === '#/signin') return signIn();
    if (hash === '#/trash') return trashPage();
    const doc = hash.match(/^#\/documents\/([0-9a-fA-F-]{36})$/);
    if (doc) return documentPage(doc[1]);
    const q = hash.indexOf('?');
    return home(q >= 0 ? hash.slice(q + 1) : '');
  }

  document.getElementById('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', () => { route(); main.focus({ preventScroll: true }); });
  route();
}());
