// Drives Debian's chromium through the caller page for the Go e2e test (telephony/webrtc/e2e_test.go).
// Usage: node caller.mjs URL FAKE_MIC_WAV USER_DATA_DIR
// Prints one JSON object with what the page showed and the bot audio it received.
// CALLER_FLOW=conversation (cmd/voicegate's product e2e) runs one spoken exchange instead: call, listen until
// the bot answered the caller and went quiet (CALLER_QUIET_MS, default 1500; at most CALLER_LISTEN_MS,
// default 40000), hang up; it reports the transcript lines, the bot audio recorded from the moment the
// remote track arrived, and the time from pressing Call to the first bot audio.
import { chromium } from 'playwright-core';

const [url, wav, userDataDir] = process.argv.slice(2);
if (!url || !wav || !userDataDir) {
  console.error('usage: node caller.mjs URL FAKE_MIC_WAV USER_DATA_DIR');
  process.exit(2);
}

const result = { console: [], steps: [] };
const step = (s) => result.steps.push(s);

const ctx = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    // The test server gathers loopback candidates only; chromium skips loopback unless told.
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
  ],
});

// recordRemote is a page init script: it records the first remote track through WebAudio from the moment it
// arrives (so the start of the greeting is kept) and stamps pressing Call and the first/last loud bot audio.
function recordRemote() {
  const r = { chunks: [], t0: 0, firstLoud: 0, lastLoud: 0, rate: 0 };
  window.__rec = r;
  const Orig = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('track', (ev) => {
        if (r.ac) return;
        r.ac = new AudioContext();
        r.rate = r.ac.sampleRate;
        r.src = r.ac.createMediaStreamSource(ev.streams[0] || new MediaStream([ev.track]));
        r.proc = r.ac.createScriptProcessor(1024, 1, 1);
        r.proc.onaudioprocess = (e) => {
          const d = new Float32Array(e.inputBuffer.getChannelData(0));
          r.chunks.push(d);
          let s = 0;
          for (let i = 0; i < d.length; i++) s += d[i] * d[i];
          if (Math.sqrt(s / d.length) > 0.01) {
            r.lastLoud = performance.now();
            if (!r.firstLoud) r.firstLoud = r.lastLoud;
          }
        };
        r.src.connect(r.proc);
        r.proc.connect(r.ac.destination);
      });
    }
  };
  document.addEventListener('click', (e) => {
    if (e.target && e.target.id === 'call' && !r.t0) r.t0 = performance.now();
  }, true);
}

// takeRecording stops the recorder and returns its audio as base64 16-bit PCM at the context's rate.
function takeRecording() {
  const { ac, chunks, proc, src, rate } = window.__rec;
  if (!ac) return { rate: 0, b64: '' };
  src.disconnect();
  proc.disconnect();
  let n = 0;
  for (const c of chunks) n += c.length;
  const pcm = new Int16Array(n);
  let o = 0;
  for (const c of chunks) for (let i = 0; i < c.length; i++) pcm[o++] = Math.max(-32768, Math.min(32767, c[i] * 32767));
  let bin = '';
  const bytes = new Uint8Array(pcm.buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  ac.close();
  return { rate, b64: btoa(bin) };
}

async function conversation() {
  const page = await ctx.newPage();
  page.on('console', (m) => result.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => result.console.push(`pageerror: ${e.message}`));
  await page.addInitScript(recordRemote);
  await page.goto(url);
  await page.click('#call');
  await page.waitForSelector('#status[data-state="connected"]', { timeout: 20000 });
  step('connected');
  const maxMs = Number(process.env.CALLER_LISTEN_MS || 40000);
  const quietMs = Number(process.env.CALLER_QUIET_MS || 1500);
  const start = Date.now();
  let st;
  let callerAt = 0;
  for (;;) {
    st = await page.evaluate(() => ({
      now: performance.now(),
      lastLoud: window.__rec.lastLoud,
      lines: Array.from(document.querySelectorAll('#transcript li')).map((li) => ({
        speaker: li.classList.contains('bot') ? 'bot' : 'caller',
        text: li.querySelector('.text').textContent,
        final: !li.classList.contains('partial'),
      })),
    }));
    const ci = st.lines.findIndex((l) => l.speaker === 'caller');
    if (ci >= 0 && !callerAt) callerAt = st.now;
    // The reply's captions come when it is queued, before its audio: wait for audio after the caller's line.
    const answered = callerAt && st.lines.slice(ci + 1).some((l) => l.speaker === 'bot') && st.lastLoud > callerAt;
    if (answered && st.now - st.lastLoud >= quietMs) break;
    if (Date.now() - start > maxMs) {
      result.listenTimedOut = true;
      break;
    }
    await page.waitForTimeout(200);
  }
  result.lines = st.lines;
  result.transcript = await page.textContent('#transcript');
  const times = await page.evaluate(() => ({ t0: window.__rec.t0, first: window.__rec.firstLoud }));
  result.firstBotAudioMs = times.t0 && times.first ? times.first - times.t0 : -1;
  const rec = await page.evaluate(takeRecording);
  result.botRate = rec.rate;
  result.botPCM = rec.b64;
  step('recorded');
  await page.click('#hangup');
  await page.waitForSelector('#status[data-state="ended"]', { timeout: 10000 });
  result.statusAfterHangup = await page.textContent('#status');
  step('hungup');
}

try {
  if (process.env.CALLER_FLOW === 'conversation') {
    await conversation();
  } else {
    // 1. Error messages: a denied microphone and an unreachable server.
    const errPage = await ctx.newPage();
    await errPage.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await errPage.goto(url);
    await errPage.click('#call');
    await errPage.waitForSelector('#error:not([hidden])', { timeout: 10000 });
    result.micDeniedError = await errPage.textContent('#error');
    await errPage.close();

    const offline = await ctx.newPage();
    await offline.route('**/api/webrtc/**', (r) => r.abort('connectionrefused'));
    await offline.goto(url);
    await offline.click('#call');
    await offline.waitForSelector('#error:not([hidden])', { timeout: 10000 });
    result.unreachableError = await offline.textContent('#error');
    result.unreachableCallEnabled = await offline.isEnabled('#call');
    await offline.close();
    step('errors');

    // 2. A real call, driven by the keyboard: Tab reaches #call first, Enter presses it.
    const page = await ctx.newPage();
    page.on('console', (m) => result.console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => result.console.push(`pageerror: ${e.message}`));
    await page.goto(url);
    result.transcriptAriaLive = await page.getAttribute('#transcript', 'aria-live');
    await page.keyboard.press('Tab');
    result.firstFocus = await page.evaluate(() => document.activeElement && document.activeElement.id);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#status[data-state="connected"]', { timeout: 20000 });
    result.focusAfterConnect = await page.evaluate(() => document.activeElement && document.activeElement.id);
    step('connected');

    // Record what the page plays from the bot: the remote stream through WebAudio, at the context's rate.
    await page.evaluate(() => {
      const stream = document.getElementById('remote').srcObject;
      const ac = new AudioContext();
      const src = ac.createMediaStreamSource(stream);
      const proc = ac.createScriptProcessor(4096, 1, 1);
      const chunks = [];
      proc.onaudioprocess = (e) => chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)));
      src.connect(proc);
      proc.connect(ac.destination);
      window.__rec = { ac, chunks, proc, src };
    });

    let micMax = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < 6000) {
      micMax = Math.max(micMax, Number(await page.getAttribute('#level', 'value')) || 0);
      await page.waitForTimeout(200);
    }
    result.micLevelMax = micMax;

    // Keypad: a digit typed on the keyboard and one clicked on the pad.
    await page.keyboard.press('5');
    await page.waitForTimeout(400);
    await page.click('#keypad button[data-digit="#"]');
    await page.waitForTimeout(600);
    step('dtmf');

    await page.waitForFunction(() => document.querySelectorAll('#transcript li').length >= 2, null,
      { timeout: 15000 });
    result.transcript = await page.textContent('#transcript');

    const rec = await page.evaluate(() => {
      const { ac, chunks, proc, src } = window.__rec;
      src.disconnect();
      proc.disconnect();
      let n = 0;
      for (const c of chunks) n += c.length;
      const pcm = new Int16Array(n);
      let o = 0;
      for (const c of chunks) for (let i = 0; i < c.length; i++) pcm[o++] = Math.max(-32768, Math.min(32767, c[i] * 32767));
      let bin = '';
      const bytes = new Uint8Array(pcm.buffer);
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      const rate = ac.sampleRate;
      ac.close();
      return { rate, b64: btoa(bin) };
    });
    result.botRate = rec.rate;
    result.botPCM = rec.b64;
    step('recorded');

    await page.click('#hangup');
    await page.waitForSelector('#status[data-state="ended"]', { timeout: 10000 });
    result.statusAfterHangup = await page.textContent('#status');
    result.callEnabledAfterHangup = await page.isEnabled('#call');
    step('hungup');
  }
} catch (e) {
  result.error = String(e && e.stack || e);
} finally {
  await ctx.close();
}
process.stdout.write(JSON.stringify(result));
