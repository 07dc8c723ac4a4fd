// Mesh WebRTC for one CaucusRooms room: one RTCPeerConnection per other person located in the
// same room, nothing with anyone else. The server relays signaling only between two people in
// the same room; this module makes sure that on a move every old peer is closed before any new
// one is made, so no audio or video lingers from the room a person left.

const state = {
  dotnet: null,          // DotNetObjectReference: RelaySignal(to, payload), MicrophoneChanged(on)
  me: null,              // my participant id
  roomId: null,          // the room my peers belong to
  iceServers: [],
  local: null,           // MediaStream
  peers: new Map(),      // participantId -> { pc, tile, stream, name, pendingCandidates }
  present: new Map(),    // participantId -> display name, of the people online in my room now
  grid: null,
  localTile: null,
  audioContext: null,
  generation: 0,         // bumps on every room change; stale async work checks it
  signalsFrom: new Map(), // participantId -> signals received (diagnostics: a refused relay never counts)
};

export async function start(dotnet, me, grid, iceServers, constraints) {
  state.dotnet = dotnet;
  state.me = me;
  state.grid = grid;
  state.iceServers = iceServers ?? [];
  window.caucusVideo = debugHandle();
  try {
    state.local = await navigator.mediaDevices.getUserMedia(constraints ?? { audio: true, video: { width: 320, height: 240 } });
  } catch (e) {
    state.local = new MediaStream();
    console.warn("No camera or microphone:", e?.name);
  }
  state.localTile = tile("me", "You", state.local, true);
  return { audio: state.local.getAudioTracks().length > 0, video: state.local.getVideoTracks().length > 0 };
}

/** The roster of my room changed: close peers that left, then (only then) open peers to new people. */
export async function applyRoster(roster) {
  const roomChanged = roster.roomId !== state.roomId;
  if (roomChanged) {
    // Leave the old room completely before any media of the new one can flow.
    state.generation++;
    for (const id of [...state.peers.keys()]) closePeer(id);
    state.roomId = roster.roomId;
    if (roster.roomId && roster.muteOnArrival) setMicrophone(false);
  }
  const present = new Map((roster.people ?? []).filter(p => p.participantId !== state.me && p.isOnline).map(p => [p.participantId, p]));
  state.present = new Map([...present].map(([id, p]) => [id, p.displayName]));
  for (const id of [...state.peers.keys()]) if (!present.has(id)) closePeer(id);
  if (!state.roomId) return;
  for (const [id, person] of present) {
    if (!state.peers.has(id)) {
      const peer = openPeer(id, person.displayName);
      // One side offers: the one with the smaller id. The other waits for the offer.
      if (state.me < id) await offer(peer, id, state.generation);
    }
  }
}

export async function onSignal(from, payload) {
  state.signalsFrom.set(from, (state.signalsFrom.get(from) ?? 0) + 1);
  const message = JSON.parse(payload);
  let peer = state.peers.get(from);
  if (!peer) {
    // Only an offer from someone in my room opens a peer; anything else is dropped.
    if (message.type !== "offer" || !state.roomId || !state.present.has(from)) return;
    peer = openPeer(from, state.present.get(from));
  }
  const generation = state.generation;
  if (message.type === "offer" || message.type === "answer") {
    await peer.pc.setRemoteDescription({ type: message.type, sdp: message.sdp });
    for (const c of peer.pendingCandidates.splice(0)) await peer.pc.addIceCandidate(c).catch(() => {});
    if (message.type === "offer") {
      const answer = await peer.pc.createAnswer();
      await peer.pc.setLocalDescription(answer);
      if (generation === state.generation) await relay(from, { type: "answer", sdp: answer.sdp });
    }
  } else if (message.type === "candidate" && message.candidate) {
    if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(message.candidate).catch(() => {});
    else peer.pendingCandidates.push(message.candidate);
  }
}

export function setMicrophone(on) {
  for (const t of state.local?.getAudioTracks() ?? []) t.enabled = on;
  state.dotnet?.invokeMethodAsync("MicrophoneChanged", on);
}

export function setCamera(on) {
  for (const t of state.local?.getVideoTracks() ?? []) t.enabled = on;
}

export async function devices() {
  const list = await navigator.mediaDevices.enumerateDevices();
  return list.filter(d => d.kind === "audioinput" || d.kind === "videoinput").map(d => ({ deviceId: d.deviceId, kind: d.kind, label: d.label || d.kind }));
}

/** Switches camera or microphone to another device, on every open peer at once. */
export async function useDevice(kind, deviceId) {
  const constraints = kind === "videoinput" ? { video: { deviceId: { exact: deviceId } } } : { audio: { deviceId: { exact: deviceId } } };
  const fresh = await navigator.mediaDevices.getUserMedia(constraints);
  const track = fresh.getTracks()[0];
  const old = kind === "videoinput" ? state.local.getVideoTracks()[0] : state.local.getAudioTracks()[0];
  if (old) { track.enabled = old.enabled; state.local.removeTrack(old); old.stop(); }
  state.local.addTrack(track);
  for (const { pc } of state.peers.values()) {
    const sender = pc.getSenders().find(s => s.track?.kind === track.kind);
    if (sender) await sender.replaceTrack(track);
  }
}

export function stop() {
  state.generation++;
  for (const id of [...state.peers.keys()]) closePeer(id);
  for (const t of state.local?.getTracks() ?? []) t.stop();
  state.localTile?.remove();
  state.roomId = null;
}

function openPeer(id, name) {
  const pc = new RTCPeerConnection({ iceServers: state.iceServers });
  for (const track of state.local?.getTracks() ?? []) pc.addTrack(track, state.local);
  const stream = new MediaStream();
  const peer = { pc, stream, name, tile: tile(id, name, stream, false), pendingCandidates: [] };
  const generation = state.generation;
  pc.ontrack = e => { stream.addTrack(e.track); if (e.track.kind === "audio") watchSpeaking(peer, e.track); };
  pc.onicecandidate = e => { if (e.candidate && generation === state.generation) relay(id, { type: "candidate", candidate: e.candidate.toJSON() }); };
  state.peers.set(id, peer);
  return peer;
}

async function offer(peer, id, generation) {
  const description = await peer.pc.createOffer();
  await peer.pc.setLocalDescription(description);
  if (generation === state.generation) await relay(id, { type: "offer", sdp: description.sdp });
}

function closePeer(id) {
  const peer = state.peers.get(id);
  if (!peer) return;
  state.peers.delete(id);
  peer.pc.ontrack = peer.pc.onicecandidate = null;
  peer.pc.close();
  for (const t of peer.stream.getTracks()) t.stop();
  peer.tile.remove();
  peer.meter?.disconnect();
}

async function relay(to, message) {
  // A refusal means that person is no longer in my room; their peer goes with the next roster.
  const refused = await state.dotnet.invokeMethodAsync("RelaySignal", to, JSON.stringify(message)).catch(e => String(e?.message ?? e));
  if (refused) console.info("Signal not relayed:", refused);
}

function tile(id, name, stream, isMe) {
  const figure = document.createElement("figure");
  figure.className = "video-tile" + (isMe ? " me" : "");
  figure.dataset.participantId = id;
  const video = document.createElement("video");
  video.autoplay = true;
  video.playsInline = true;
  video.muted = isMe;       // never play my own microphone back to me
  video.srcObject = stream;
  const caption = document.createElement("figcaption");
  caption.textContent = name;
  figure.append(video, caption);
  state.grid?.append(figure);
  return figure;
}

function watchSpeaking(peer, track) {
  try {
    state.audioContext ??= new AudioContext();
    const source = state.audioContext.createMediaStreamSource(new MediaStream([track]));
    const analyser = state.audioContext.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    peer.meter = source;
    const samples = new Uint8Array(analyser.fftSize);
    const tick = () => {
      if (!state.peers.has(peer.tile.dataset.participantId)) return;
      analyser.getByteTimeDomainData(samples);
      let peak = 0;
      for (const v of samples) peak = Math.max(peak, Math.abs(v - 128));
      peer.tile.classList.toggle("speaking", peak > 12);
      setTimeout(tick, 150);
    };
    tick();
  } catch { /* no audio context: no indicator */ }
}

/** For tests and diagnostics: what this page has open, and what it decodes. */
function debugHandle() {
  return {
    me: () => state.me,
    roomId: () => state.roomId,
    signalsFrom: id => state.signalsFrom.get(id) ?? 0,
    peers: () => [...state.peers.entries()].map(([id, p]) => ({ id, state: p.pc.connectionState })),
    async framesDecoded() {
      const result = {};
      for (const [id, p] of state.peers) {
        const stats = await p.pc.getStats();
        stats.forEach(r => { if (r.type === "inbound-rtp" && r.kind === "video") result[id] = (result[id] ?? 0) + (r.framesDecoded ?? 0); });
      }
      return result;
    },
    /** Relays a raw payload as this page; resolves to the refusal sentence, or "relayed". */
    relay: async (to, payload) => (await state.dotnet.invokeMethodAsync("RelaySignal", to, payload)) ?? "relayed",
  };
}
