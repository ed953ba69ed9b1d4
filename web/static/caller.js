// voicegate caller page: one WebRTC call to the gateway. Plain JS, no build step.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const callBtn = $('call');
  const hangupBtn = $('hangup');
  const statusEl = $('status');
  const errorEl = $('error');
  const level = $('level');
  const transcript = $('transcript');
  const remote = $('remote');
  const keys = Array.from(document.querySelectorAll('#keypad button'));

  // Everything about the current call; null fields when idle.
  let call = null;

  function setStatus(text, state) {
    statusEl.textContent = text;
    statusEl.dataset.state = state;
  }

  function showError(text) {
    errorEl.textContent = text;
    errorEl.hidden = false;
    setStatus('Not connected.', 'error');
  }

  function clearError() {
    errorEl.textContent = '';
    errorEl.hidden = true;
  }

  function setInCall(active) {
    callBtn.disabled = active;
    hangupBtn.disabled = !active;
    keys.forEach((k) => { k.disabled = !active; });
  }

  function micErrorText(err) {
    switch (err && err.name) {
      case 'NotAllowedError':
      case 'SecurityError':
        return 'Microphone access was denied. Allow the microphone for this site in your browser settings, then press Call again.';
      case 'NotFoundError':
      case 'OverconstrainedError':
        return 'No microphone was found. Connect a microphone and press Call again.';
      case 'NotReadableError':
        return 'The microphone is in use by another program or could not be opened.';
      default:
        return 'The microphone could not be started' + (err && err.message ? ': ' + err.message : '.');
    }
  }

  // Resolves when ICE gathering is complete or after ms, whichever comes first (later candidates trickle).
  function gathered(pc, ms) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => { pc.removeEventListener('icegatheringstatechange', check); resolve(); };
      const check = () => { if (pc.iceGatheringState === 'complete') done(); };
      pc.addEventListener('icegatheringstatechange', check);
      setTimeout(done, ms);
    });
  }

  function startMeter(c) {
    try {
      c.audioCtx = new AudioContext();
      const src = c.audioCtx.createMediaStreamSource(c.stream);
      const analyser = c.audioCtx.createAnalyser();
      analyser.fftSize = 1024;
      src.connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      c.meterTimer = setInterval(() => {
        analyser.getFloatTimeDomainData(buf);
        let sum = 0;
        for (let i = 0; i < buf.length; i++) sum += buf[i] * buf[i];
        const rms = Math.sqrt(sum / buf.length);
        // Speech RMS sits around 0.02..0.3; a square-root curve makes quiet speech visible.
        const v = Math.min(1, Math.sqrt(rms * 3));
        level.value = v;
        level.textContent = v.toFixed(2);
      }, 100);
    } catch (e) {
      // The meter is a nicety; the call works without it.
      console.warn('level meter unavailable', e);
    }
  }

  // Captions: a final line replaces the speaker's pending partial line.
  function showCaption(msg) {
    if (!msg || typeof msg.text !== 'string') return;
    const speaker = msg.speaker === 'bot' ? 'bot' : 'caller';
    let li = transcript.querySelector('li.partial.' + speaker);
    if (!li) {
      li = document.createElement('li');
      li.className = speaker;
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = speaker === 'bot' ? 'Agent:' : 'You:';
      const text = document.createElement('span');
      text.className = 'text';
      li.append(who, text);
      transcript.append(li);
    }
    li.querySelector('.text').textContent = msg.text;
    li.classList.toggle('partial', !msg.final);
    li.scrollIntoView({ block: 'nearest' });
  }

  function sendDigit(d) {
    if (!call || !call.pc) return;
    const dtmf = call.sender && call.sender.dtmf;
    if (dtmf && dtmf.canInsertDTMF) {
      // RFC 4733 in the audio stream, as a phone would.
      dtmf.insertDTMF(d, 120, 70);
    } else if (call.dtmfChannel && call.dtmfChannel.readyState === 'open') {
      call.dtmfChannel.send(JSON.stringify({ digit: d }));
    } else {
      return;
    }
    setStatus('Connected. Sent key ' + d + '.', 'connected');
  }

  async function startCall() {
    if (call) return;
    clearError();
    const c = { ended: false };
    call = c;
    setInCall(true);
    setStatus('Asking for the microphone…', 'starting');
    try {
      c.stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
    } catch (e) {
      endCall(null);
      showError(micErrorText(e));
      return;
    }
    if (c.ended) return;
    startMeter(c);
    setStatus('Connecting…', 'connecting');

    let iceServers = [];
    try {
      const r = await fetch('/api/webrtc/config', { cache: 'no-store' });
      if (r.ok) iceServers = (await r.json()).iceServers || [];
    } catch (e) {
      endCall(null);
      showError('Cannot reach the server. Check your connection and press Call again.');
      return;
    }
    if (c.ended) return;

    const pc = new RTCPeerConnection({ iceServers });
    c.pc = pc;
    c.captions = pc.createDataChannel('captions');
    c.captions.onmessage = (ev) => {
      try { showCaption(JSON.parse(ev.data)); } catch (e) { console.warn('bad caption', e); }
    };
    c.captions.onclose = () => { if (call === c && !c.ended) endCall('The call was ended.'); };
    c.dtmfChannel = pc.createDataChannel('dtmf');
    c.stream.getAudioTracks().forEach((t) => { c.sender = pc.addTrack(t, c.stream); });
    pc.ontrack = (ev) => {
      remote.srcObject = ev.streams[0] || new MediaStream([ev.track]);
      remote.play().catch(() => {});
    };
    pc.onconnectionstatechange = () => {
      if (call !== c) return;
      switch (pc.connectionState) {
        case 'connected':
          setStatus('Connected. Speak now.', 'connected');
          break;
        case 'disconnected':
          setStatus('Connection interrupted, trying to recover…', 'connecting');
          break;
        case 'failed':
          endCall(null);
          showError('The connection to the server failed (network or firewall). Press Call to try again.');
          break;
        default:
      }
    };
    pc.onicecandidate = (ev) => {
      // Candidates found after the offer was sent go to the server as trickle ICE.
      if (!c.sessionURL || !ev.candidate || !ev.candidate.candidate) return;
      fetch(c.sessionURL, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(ev.candidate),
      }).catch(() => {});
    };

    let answer;
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await gathered(pc, 2000);
      if (c.ended) return;
      let resp;
      try {
        resp = await fetch('/api/webrtc/offer', {
          method: 'POST',
          headers: { 'Content-Type': 'application/sdp' },
          body: pc.localDescription.sdp,
        });
      } catch (e) {
        endCall(null);
        showError('Cannot reach the server. Check your connection and press Call again.');
        return;
      }
      const body = await resp.text();
      if (!resp.ok) {
        endCall(null);
        if (resp.status === 503) showError('All our lines are busy. Please try again in a minute.');
        else showError('The server refused the call (' + resp.status + '): ' + body.trim());
        return;
      }
      c.sessionURL = resp.headers.get('X-Call-Session');
      c.id = resp.headers.get('X-Call-Id');
      answer = body;
    } catch (e) {
      endCall(null);
      showError('Could not set up the call: ' + e.message);
      return;
    }
    if (c.ended) { hangupRemote(c); return; }
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch (e) {
      endCall(null);
      showError('The server sent an answer this browser cannot use: ' + e.message);
      return;
    }
    hangupBtn.focus();
  }

  function hangupRemote(c) {
    if (!c.sessionURL) return;
    fetch(c.sessionURL, { method: 'DELETE', keepalive: true }).catch(() => {});
    c.sessionURL = null;
  }

  // endCall tears the call down; message (if any) is the status to show.
  function endCall(message) {
    const c = call;
    if (!c || c.ended) return;
    c.ended = true;
    call = null;
    hangupRemote(c);
    if (c.meterTimer) clearInterval(c.meterTimer);
    if (c.audioCtx) c.audioCtx.close().catch(() => {});
    if (c.pc) c.pc.close();
    if (c.stream) c.stream.getTracks().forEach((t) => t.stop());
    level.value = 0;
    level.textContent = '0';
    setInCall(false);
    setStatus(message || 'Call ended.', 'ended');
    if (document.activeElement === hangupBtn || document.activeElement === document.body) callBtn.focus();
  }

  callBtn.addEventListener('click', () => { startCall(); });
  hangupBtn.addEventListener('click', () => { endCall('Call ended.'); });
  keys.forEach((k) => k.addEventListener('click', () => sendDigit(k.dataset.digit)));
  document.addEventListener('keydown', (ev) => {
    if (!call || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (/^[0-9*#]$/.test(ev.key) && !(ev.target instanceof HTMLInputElement)) {
      sendDigit(ev.key);
      ev.preventDefault();
    }
  });
  window.addEventListener('pagehide', () => { if (call) endCall(null); });
})();
