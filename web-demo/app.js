// The Skein demo page: the classic Flask-SocketIO example's events, with the official client.
// ?transports=polling forces long-polling.
(() => {
  'use strict';
  const params = new URLSearchParams(location.search);
  const transports = params.get('transports') ? params.get('transports').split(',') : ['polling', 'websocket'];
  const socket = io({ transports });
  const $ = (id) => document.getElementById(id);
  const MAX_LOG = 200;

  function setState(state) {
    $('state').textContent = state;
    $('state').dataset.state = state;
    $('disconnect').disabled = state !== 'connected';
    $('reconnect').disabled = state === 'connected';
  }

  function timestamp() {
    const now = new Date();
    return now.toLocaleTimeString([], { hour12: false }) + '.' + String(now.getMilliseconds()).padStart(3, '0');
  }

  // One entry of the received log: its time, an optional tag (#count, the room), the text.
  function log(text, { kind = 'message', tag = null } = {}) {
    const item = document.createElement('li');
    item.className = kind;
    const time = document.createElement('time');
    time.textContent = timestamp();
    item.append(time);
    if (tag) {
      const label = document.createElement('span');
      label.className = 'tag';
      label.textContent = tag;
      item.append(label);
    }
    const body = document.createElement('span');
    body.textContent = text;
    item.append(body);
    $('log').prepend(item);
    while ($('log').children.length > MAX_LOG) {
      $('log').lastChild.remove();
    }
  }

  function showTransport() {
    $('transport').textContent = socket.io.engine ? socket.io.engine.transport.name : '-';
  }

  // The round trip of an acknowledged my_ping: the latency the status line shows.
  function measureLatency() {
    if (!socket.connected) return;
    const started = performance.now();
    socket.timeout(5000).emit('my_ping', (err) => {
      $('latency').textContent = err ? 'timed out' : Math.round(performance.now() - started) + ' ms';
    });
  }

  socket.on('connect', () => {
    setState('connected');
    showTransport();
    socket.io.engine.once('upgrade', () => {
      showTransport();
      log('upgraded to ' + socket.io.engine.transport.name, { kind: 'system' });
    });
    log('connected over ' + socket.io.engine.transport.name, { kind: 'system' });
    measureLatency();
  });
  socket.on('disconnect', (reason) => {
    setState(socket.active ? 'reconnecting' : 'disconnected');
    $('transport').textContent = '-';
    $('node').textContent = '-';
    log('disconnected: ' + reason, { kind: 'system' });
  });
  socket.io.on('reconnect_attempt', (attempt) => {
    setState('reconnecting');
    if (attempt > 1) log('reconnecting, attempt ' + attempt, { kind: 'system' });
  });
  socket.on('connect_error', (err) => log('connect error: ' + err.message, { kind: 'error' }));
  // The node serving this page: the one that greets the connection and answers its pings. Other messages
  // name the node of their sender, which may be another one of the cluster.
  socket.on('my_pong', (msg) => {
    if (msg && msg.node) $('node').textContent = msg.node;
  });
  socket.on('my_response', (msg) => {
    if (msg.data === 'Connected' && msg.node) {
      $('node').textContent = msg.node;
    }
    const data = typeof msg.data === 'string' ? msg.data : JSON.stringify(msg.data);
    const from = msg.node && msg.node !== $('node').textContent ? ' from ' + msg.node : '';
    const tag = (msg.room ? msg.room + ' ' : '') + '#' + msg.count + from;
    log(data, { kind: msg.room ? 'room' : 'message', tag });
  });
  socket.on('my_error', (err) => log('error: ' + err.message, { kind: 'error' }));

  function onSubmit(id, send) {
    $(id).addEventListener('submit', (event) => {
      event.preventDefault();
      const fields = Object.fromEntries(new FormData(event.target));
      send(fields);
      const data = event.target.querySelector('[name="data"]');
      if (data) data.value = '';
      measureLatency();
    });
  }

  onSubmit('emit', (f) => socket.emit('my_event', { data: f.data }));
  onSubmit('broadcast', (f) => socket.emit('my_broadcast_event', { data: f.data }));
  onSubmit('join', (f) => socket.emit('join', { room: f.room }));
  onSubmit('leave', (f) => socket.emit('leave', { room: f.room }));
  onSubmit('send_room', (f) => socket.emit('my_room_event', { room: f.room, data: f.data }));
  onSubmit('close', (f) => socket.emit('close_room', { room: f.room }));
  // Backend routing (docs/routing.md): these events have no handler in Skein; its routes file sends them on.
  const answer = (what) => (err, reply) => {
    if (err) log(what + ': no answer', { kind: 'error' });
    else if (reply && reply.error) log(what + ': ' + reply.error, { kind: 'error' });
    else log(JSON.stringify(reply), { kind: 'message', tag: what });
  };
  onSubmit('order', (f) => socket.timeout(5000).emit('orders.place', { item: f.item, qty: Number(f.qty) }, answer('order')));
  onSubmit('feed', (f) => socket.timeout(5000)
    .emit('api', { method: '/api/v1/feed/subscribe', data: { topic: f.topic } }, answer('feed')));
  $('unfollow').addEventListener('click', () => socket.timeout(5000)
    .emit('api', { method: '/api/v1/feed/unsubscribe', data: {} }, answer('feed')));
  socket.on('orders.placed', (order) => log(order.qty + ' x ' + order.item + ' (order ' + order.id + ')', { kind: 'room', tag: 'orders' }));
  for (const event of ['feed.subscribed', 'feed.item', 'feed.unsubscribed', 'feed.error']) {
    socket.on(event, (msg) => log(JSON.stringify(msg), { kind: 'message', tag: event }));
  }
  socket.on('route_closed', (msg) => log('channel to ' + msg.service + ' closed', { kind: 'system' }));
  $('disconnect').addEventListener('click', () => socket.emit('disconnect_request'));
  $('reconnect').addEventListener('click', () => { if (!socket.connected) socket.connect(); });
  $('clear').addEventListener('click', () => $('log').replaceChildren());
  setInterval(measureLatency, 10000);
})();
