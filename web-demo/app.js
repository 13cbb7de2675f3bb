// The Skein demo page: the classic Flask-SocketIO example's events, with the official client.
// ?transports=polling forces long-polling.
(() => {
  'use strict';
  const params = new URLSearchParams(location.search);
  const transports = params.get('transports') ? params.get('transports').split(',') : ['polling', 'websocket'];
  const socket = io({ transports });
  const $ = (id) => document.getElementById(id);

  function setState(state) {
    $('state').textContent = state;
    $('state').dataset.state = state;
  }

  function log(text) {
    const item = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString();
    item.append(time, ' ', text);
    $('log').prepend(item);
    while ($('log').children.length > 200) {
      $('log').lastChild.remove();
    }
  }

  function measureLatency() {
    const started = performance.now();
    socket.timeout(5000).emit('my_ping', (err) => {
      if (!err) {
        $('latency').textContent = Math.round(performance.now() - started) + ' ms';
      }
    });
  }

  socket.on('connect', () => {
    setState('connected');
    $('transport').textContent = socket.io.engine.transport.name;
    socket.io.engine.once('upgrade', () => { $('transport').textContent = socket.io.engine.transport.name; });
    measureLatency();
  });
  socket.on('disconnect', (reason) => {
    setState(socket.active ? 'reconnecting' : 'disconnected');
    log('disconnected: ' + reason);
  });
  socket.io.on('reconnect_attempt', () => setState('reconnecting'));
  socket.on('connect_error', (err) => log('connect error: ' + err.message));
  socket.on('my_response', (msg) => {
    if (msg.node) {
      $('node').textContent = msg.node;
    }
    const room = msg.room ? ' [' + msg.room + ']' : '';
    log('#' + msg.count + room + ': ' + (typeof msg.data === 'string' ? msg.data : JSON.stringify(msg.data)));
  });
  socket.on('my_error', (err) => log('error: ' + err.message));

  function onSubmit(id, send) {
    $(id).addEventListener('submit', (event) => {
      event.preventDefault();
      const fields = Object.fromEntries(new FormData(event.target));
      send(fields);
      measureLatency();
    });
  }

  onSubmit('emit', (f) => socket.emit('my_event', { data: f.data }));
  onSubmit('broadcast', (f) => socket.emit('my_broadcast_event', { data: f.data }));
  onSubmit('join', (f) => socket.emit('join', { room: f.room }));
  onSubmit('leave', (f) => socket.emit('leave', { room: f.room }));
  onSubmit('send_room', (f) => socket.emit('my_room_event', { room: f.room, data: f.data }));
  onSubmit('close', (f) => socket.emit('close_room', { room: f.room }));
  $('disconnect').addEventListener('click', () => socket.emit('disconnect_request'));
  $('reconnect').addEventListener('click', () => { if (!socket.connected) socket.connect(); });
})();
