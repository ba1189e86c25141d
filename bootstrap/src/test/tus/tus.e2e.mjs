// Uploads to the service with the official tus client, as a client on a poor line would: a
// 200 MiB upload whose connection is cut twice (by a proxy in between) and that resumes; a part
// with a wrong checksum; an offset conflict; another tenant's upload URL. Prints "ok: …" per
// check and exits non-zero at the first failure.
import * as tus from 'tus-js-client';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const [base, keyA, keyB, work, metricsToken] = process.argv.slice(2);
const MiB = 1024 * 1024;
const SIZE = 200 * MiB;

function check(condition, message) {
  if (!condition) {
    console.error('FAILED: ' + message);
    process.exit(1);
  }
  console.log('ok: ' + message);
}

/** A file of random bytes that starts as a PDF does; its SHA-256 in hex. */
function makeFile(file, size) {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'w');
  for (let written = 0; written < size;) {
    const chunk = crypto.randomBytes(Math.min(8 * MiB, size - written));
    if (written === 0) {
      chunk.write('%PDF-1.7\n', 0, 'latin1');
    }
    fs.writeSync(fd, chunk);
    hash.update(chunk);
    written += chunk.length;
  }
  fs.closeSync(fd);
  return hash.digest('hex');
}

/** A TCP proxy to the service that cuts a connection once it has carried each of `cuts` bytes. */
function cuttingProxy(target, cuts) {
  const state = { cut: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let carried = 0;
    client.on('data', (chunk) => {
      carried += chunk.length;
      if (cuts.length > 0 && carried > cuts[0]) {
        cuts.shift();
        state.cut++;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, state })));
}

/** The heap the service uses now, in bytes (all heap pools). */
async function heapUsed() {
  const res = await fetch(base + '/metrics', { headers: { Authorization: 'Bearer ' + metricsToken } });
  const text = await res.text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('jvm_memory_used_bytes{') && line.includes('area="heap"')) {
      sum += Number(line.trim().split(' ').pop());
    }
  }
  return sum;
}

function upload(input, options) {
  return new Promise((resolve, reject) => {
    const u = new tus.Upload(input, { ...options, onSuccess: (payload) => resolve({ u, payload }), onError: reject });
    u.start();
  });
}

async function json(url, key) {
  const res = await fetch(url, { headers: { 'X-API-Key': key } });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
}

const file = path.join(work, 'scan-200.pdf');
const sha256 = makeFile(file, SIZE);

// ---- a 200 MiB upload, cut twice, resumed ---------------------------------------------------
const { server, state } = await cuttingProxy(new URL(base), [70 * MiB, 60 * MiB]);
const viaProxy = 'http://127.0.0.1:' + server.address().port;
const patches = [];
let heapMax = 0;
const sampler = setInterval(async () => {
  try {
    heapMax = Math.max(heapMax, await heapUsed());
  } catch (e) {
    // a scrape that fails is skipped
  }
}, 250);
const started = Date.now();
const { u } = await upload(fs.createReadStream(file), {
  endpoint: viaProxy + '/v1/tus',
  headers: { 'X-API-Key': keyA },
  metadata: { filename: 'scan-200.pdf', filetype: 'application/pdf' },
  retryDelays: [0, 500, 1000, 2000, 4000, 8000, 8000, 8000],
  onBeforeRequest: (req) => {
    if (req.getMethod() === 'PATCH') {
      patches.push(Number(req.getHeader('Upload-Offset')));
    }
  },
});
clearInterval(sampler);
const seconds = (Date.now() - started) / 1000;
server.close();
console.log(`figures: ${SIZE / MiB} MiB in ${seconds.toFixed(1)} s through the cutting proxy, PATCH offsets ${patches.join(', ')}, `
  + `service heap at most ${(heapMax / MiB).toFixed(0)} MiB`);
check(state.cut === 2, 'the connection was cut twice');
check(patches.length >= 3 && patches[0] === 0, 'the client sent its bytes in ' + patches.length + ' PATCH requests');
check(patches.slice(1).every((offset) => offset > 0), 'every PATCH after a cut resumed past the start');
check(patches.slice(1).some((offset) => offset >= 64 * MiB), 'a resumed PATCH began where the store stood, past 64 MiB');

const uploadId = u.url.split('/').pop();
const ticket = await json(base + '/v1/uploads/' + uploadId, keyA);
check(ticket.status === 200 && ticket.body.state === 'completed', 'the upload is completed');
check(ticket.body.versionNumber === 1, 'the upload made version 1');
const versions = await json(base + '/v1/documents/' + ticket.body.documentId + '/versions', keyA);
const list = versions.body.items;
check(list.length === 1, 'exactly one version was made');
check(list[0].sha256 === sha256, 'the version has the SHA-256 of the file');
check(list[0].length === SIZE, 'the version has every byte');
const content = await fetch(base + '/v1/documents/' + ticket.body.documentId + '/content', { headers: { 'X-API-Key': keyA } });
const downloaded = crypto.createHash('sha256');
for await (const chunk of content.body) {
  downloaded.update(chunk);
}
check(downloaded.digest('hex') === sha256, 'the content reads back with the same SHA-256');

// ---- a wrong checksum is refused and nothing of it is kept ------------------------------------
const small = fs.readFileSync(file).subarray(0, 3 * MiB);
const wrong = crypto.createHash('sha256').update('something else').digest('base64');
let refused;
let smallUrl;
try {
  await upload(small, {
    endpoint: base + '/v1/tus',
    headers: { 'X-API-Key': keyA },
    metadata: { filename: 'small.pdf', filetype: 'application/pdf' },
    retryDelays: null,
    onBeforeRequest: (req) => {
      if (req.getMethod() === 'PATCH') {
        smallUrl = req.getURL();
        req.setHeader('Upload-Checksum', 'sha256 ' + wrong);
      }
    },
  });
} catch (e) {
  refused = e;
}
check(refused && refused.originalResponse && refused.originalResponse.getStatus() === 460,
  'a wrong Upload-Checksum is refused with 460');
const tusHeaders = (key) => ({ 'X-API-Key': key, 'Tus-Resumable': '1.0.0' });
let head = await fetch(smallUrl, { method: 'HEAD', headers: tusHeaders(keyA) });
check(head.status === 200 && head.headers.get('upload-offset') === '0', 'none of the refused bytes was kept');

// ---- an offset conflict is 409 ---------------------------------------------------------------
const conflict = await fetch(smallUrl, {
  method: 'PATCH',
  headers: { ...tusHeaders(keyA), 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': '5' },
  body: small.subarray(5, 10),
});
check(conflict.status === 409, 'a PATCH at the wrong offset is 409');

// ---- another tenant's upload URL is 404 --------------------------------------------------------
let foreign;
try {
  await upload(small, { uploadUrl: smallUrl, headers: { 'X-API-Key': keyB }, retryDelays: null });
} catch (e) {
  foreign = e;
}
check(foreign && foreign.originalResponse && foreign.originalResponse.getStatus() === 404,
  'another tenant resuming the upload gets 404');
head = await fetch(smallUrl, { method: 'HEAD', headers: tusHeaders(keyB) });
check(head.status === 404, "another tenant's HEAD is 404");

// ---- the same upload, resumed by its owner with the right bytes, completes -----------------------
const { u: resumed } = await upload(small, { uploadUrl: smallUrl, headers: { 'X-API-Key': keyA }, retryDelays: null });
const done = await json(base + '/v1/uploads/' + resumed.url.split('/').pop(), keyA);
const smallVersions = await json(base + '/v1/documents/' + done.body.documentId + '/versions', keyA);
check(done.body.state === 'completed'
  && smallVersions.body.items[0].sha256 === crypto.createHash('sha256').update(small).digest('hex'),
  'the owner resumes the refused upload and it completes');
console.log('ok: tus-js-client done');
