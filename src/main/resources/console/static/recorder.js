// Records a notice in the browser: the microphone's PCM is captured by an AudioWorklet (recorder-worklet.js), kept
// as 16-bit mono samples, written out as a WAV file here, and sent to the console, which hands it to the API like
// any uploaded recording (converted there to 8 kHz). No inline script: the page's CSP allows only files like this.
(function () {
  'use strict';
  const box = document.getElementById('recorder');
  if (!box) { return; }
  const start = document.getElementById('record-start');
  const stop = document.getElementById('record-stop');
  const send = document.getElementById('record-send');
  const status = document.getElementById('record-status');
  let context = null;
  let stream = null;
  let node = null;
  let chunks = [];
  let wav = null;

  function say(text) { status.textContent = text; }

  function encodeWav(samples, rate) {
    const bytes = new ArrayBuffer(44 + samples.length * 2);
    const view = new DataView(bytes);
    const ascii = (offset, text) => { for (let i = 0; i < text.length; i++) { view.setUint8(offset + i, text.charCodeAt(i)); } };
    ascii(0, 'RIFF'); view.setUint32(4, 36 + samples.length * 2, true); ascii(8, 'WAVE');
    ascii(12, 'fmt '); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
    view.setUint32(24, rate, true); view.setUint32(28, rate * 2, true); view.setUint16(32, 2, true); view.setUint16(34, 16, true);
    ascii(36, 'data'); view.setUint32(40, samples.length * 2, true);
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]));
      view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
    return new Blob([bytes], { type: 'audio/wav' });
  }

  start.addEventListener('click', async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false } });
      context = new AudioContext();
      await context.audioWorklet.addModule('/static/recorder-worklet.js');
      const source = context.createMediaStreamSource(stream);
      node = new AudioWorkletNode(context, 'pcm-capture');
      chunks = [];
      node.port.onmessage = (event) => chunks.push(event.data);
      source.connect(node);
      start.disabled = true; stop.disabled = false; send.disabled = true;
      say(status.dataset.recording);
    } catch (e) {
      say(status.dataset.denied + ' ' + e.message);
    }
  });

  stop.addEventListener('click', async () => {
    node.disconnect();
    stream.getTracks().forEach((t) => t.stop());
    const length = chunks.reduce((n, c) => n + c.length, 0);
    const samples = new Float32Array(length);
    let at = 0;
    chunks.forEach((c) => { samples.set(c, at); at += c.length; });
    wav = encodeWav(samples, context.sampleRate);
    const seconds = (length / context.sampleRate).toFixed(1);
    await context.close();
    say(status.dataset.recorded.replace('{0}', seconds));
    start.disabled = false; stop.disabled = true; send.disabled = false;
  });

  send.addEventListener('click', async () => {
    send.disabled = true;
    say(status.dataset.sending);
    const response = await fetch('/cases/' + box.dataset.case + '/notice/recording?version=' + box.dataset.version, {
      method: 'POST',
      headers: { 'Content-Type': 'audio/wav', 'X-CSRF-Token': box.dataset.csrf },
      body: wav,
      credentials: 'same-origin'
    });
    if (response.ok) {
      window.location.reload();
      return;
    }
    let detail = 'HTTP ' + response.status;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
    say(status.dataset.failed + ' ' + detail);
    send.disabled = false;
  });
}());
