'use strict';
// Baseline for the fan-out load test: the least a Node server must do to answer the frames that
// FanoutSimulation sends (docs/protocol.md), with the `ws` library and nothing else. It does NOT
// do what the gateway does besides: no token signature check (tokens are unsigned base64url
// JSON from its own POST /api/dev/tokens), no class limits, rate limits, word filter, or durable
// (fsync'd) learning trace before a message is shown. One process, one thread.
//
//   PORT=8090 HOST=127.0.0.1 node server.js
const http = require('http');
const { WebSocketServer } = require('ws');

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8090);
const classes = new Map(); // classroomId -> {sockets:Set, session, seq}
let seq = 0;

function nowIso() { return new Date().toISOString(); }

function readToken(token) {
  try {
    const claims = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.classes)) return null;
    return claims;
  } catch (e) {
    return null;
  }
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return sendJson(res, 200, { status: 'alive' });
  if (req.method === 'POST' && req.url === '/api/dev/tokens') {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      let claims;
      try { claims = JSON.parse(body); } catch (e) { return sendJson(res, 400, { type: 'error', code: 100, error: 'MALFORMED', message: 'body must be JSON' }); }
      const token = Buffer.from(JSON.stringify({ sub: claims.sub, name: claims.name || claims.sub, role: claims.role, classes: claims.classes || [] })).toString('base64url');
      sendJson(res, 200, { token });
    });
    return;
  }
  sendJson(res, 404, { type: 'error', message: 'no API ' + req.method + ' ' + req.url });
});

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://localhost');
  const who = url.pathname === '/ws' ? readToken(url.searchParams.get('token') || '') : null;
  if (!who) {
    socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n'
      + '{"type":"error","code":300,"error":"UNAUTHENTICATED","message":"no valid token"}');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.who = who;
    ws.classroom = null;
    ws.on('message', (data, isBinary) => onMessage(ws, data, isBinary));
    ws.on('close', () => { if (ws.classroom) ws.classroom.sockets.delete(ws); });
    ws.on('error', () => {});
  });
});

function error(ws, requestId, code, name, message) {
  ws.send(JSON.stringify({ type: 'error', requestId, code, error: name, message }));
}

function broadcast(room, obj) {
  const text = JSON.stringify(obj);
  for (const s of room.sockets) s.send(text);
}

function from(ws) {
  return { userId: ws.who.sub, displayName: ws.who.name, role: ws.who.role };
}

function onMessage(ws, data, isBinary) {
  let m;
  try { m = JSON.parse(isBinary ? '' : data.toString('utf8')); } catch (e) { return error(ws, undefined, 100, 'MALFORMED', 'not JSON'); }
  if (!m || typeof m !== 'object') return error(ws, undefined, 100, 'MALFORMED', 'not a JSON object');
  const rid = m.requestId;
  switch (m.type) {
    case 'ping':
      return ws.send(JSON.stringify({ type: 'ping.ok', requestId: rid, serverTime: nowIso() }));
    case 'class.join': {
      if (ws.classroom) return error(ws, rid, 105, 'ALREADY_JOINED', 'joined already');
      const id = m.classroomId;
      if (typeof id !== 'string' || !ws.who.classes.includes(id)) return error(ws, rid, 303, 'NOT_A_MEMBER', 'not a member');
      let room = classes.get(id);
      if (!room) { room = { id, sockets: new Set(), session: null }; classes.set(id, room); }
      const you = { participantId: 'p-' + (++seq), userId: ws.who.sub, displayName: ws.who.name, role: ws.who.role, joinedAt: nowIso() };
      ws.you = you;
      broadcast(room, { type: 'participant.joined', participant: you });
      room.sockets.add(ws);
      ws.classroom = room;
      const participants = [];
      for (const s of room.sockets) participants.push(s.you);
      return ws.send(JSON.stringify({ type: 'class.join.ok', requestId: rid, protocolVersion: 1, serverTime: nowIso(),
        classroom: { classroomId: id, name: id, maxTrainees: 30, maxLecturers: 2 }, you, session: room.session,
        participants, streams: [] }));
    }
  }
  const room = ws.classroom;
  if (!room) return error(ws, rid, 104, 'NOT_JOINED', 'class.join first');
  switch (m.type) {
    case 'session.start': {
      if (ws.who.role !== 'lecturer') return error(ws, rid, 304, 'ROLE_FORBIDDEN', 'lecturers only');
      if (room.session) return error(ws, rid, 203, 'SESSION_ALREADY_LIVE', 'a lesson is live');
      room.session = { sessionId: 'cs-' + (++seq), classroomId: room.id, state: 'live', startedAt: nowIso(), startedBy: ws.who.sub, endedAt: null };
      ws.send(JSON.stringify({ type: 'session.start.ok', requestId: rid, session: room.session }));
      return broadcast(room, { type: 'session.started', session: room.session });
    }
    case 'chat.send': {
      if (typeof m.text !== 'string' || m.text.length < 1 || m.text.length > 500) return error(ws, rid, 103, 'INVALID_FIELD', 'text');
      const message = { messageId: 'm-' + (++seq), from: from(ws), to: 'class', text: m.text, sentAt: nowIso(), masked: false };
      ws.send(JSON.stringify({ type: 'chat.send.ok', requestId: rid, message }));
      return broadcast(room, { type: 'chat.message', message });
    }
    case 'danmaku.send': {
      if (typeof m.text !== 'string' || m.text.length < 1 || m.text.length > 40) return error(ws, rid, 103, 'INVALID_FIELD', 'text');
      if (!room.session) return error(ws, rid, 202, 'NO_LIVE_SESSION', 'no lesson is live');
      const danmaku = { danmakuId: 'dm-' + (++seq), userId: ws.who.sub, displayName: ws.who.name, text: m.text,
        color: m.color || '#ffffff', mediaTimeMs: Date.now() - Date.parse(room.session.startedAt), sentAt: nowIso(), masked: false };
      ws.send(JSON.stringify({ type: 'danmaku.send.ok', requestId: rid, danmaku }));
      return broadcast(room, { type: 'danmaku.shown', danmaku });
    }
    default:
      return error(ws, rid, 101, 'UNKNOWN_TYPE', 'not a message of the baseline: ' + m.type);
  }
}

server.listen(port, host, () => console.log(`baseline listening on http://${host}:${port}`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => { server.close(); for (const s of wss.clients) s.terminate(); process.exit(0); });
