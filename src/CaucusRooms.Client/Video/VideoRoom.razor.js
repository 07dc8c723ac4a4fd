// Mesh WebRTC for one CaucusRooms room: one RTCPeerConnection per other person located in the
// same room, nothing with anyone else. The server relays signaling only between two people in
// the same room; this module makes sure that on a move every old peer is closed before any new
// one is made, so no audio or video lingers from the room a person left.

const MaxPeers = 7;

const state = {
  dotnet: null,          // DotNetObjectReference: RelaySignal(to, payload), MicrophoneChanged(on)
  me: null,              // my participant id
  roomId: null,          // the room my peers belong to
  iceServers: [],
  iceTransportPolicy: "all", // "relay" when the service has TURN: media only through it, no address of anyone exposed
  local: null,           // MediaStream
  peers: new Map(),      // participantId -> { pc, tile, stream, name, nonce (of the negotiation it belongs to) }
  present: new Map(),    // participantId -> display name, of the people online in my room now
  grid: null,
  localTile: null,
  audioContext: null,
  generation: 0,         // bumps on every room change; stale async work checks it
  signalsFrom: new Map(), // participantId -> signals received (diagnostics: a refused relay never counts)
  received: [],          // the last payloads received, as they arrived (diagnostics: what reached this page)
  closedTimelines: [],   // the timelines of the last peers closed (diagnostics: a restart shows here)
  starting: null,        // resolves once start() holds the local media (or knows there is none)
  work: new Map(),       // participantId -> the last queued step of the negotiation with them
  early: new Map(),      // participantId -> signals from them that came before my roster had them in my room (see onSignal)
  spares: { offering: [], answering: [] }, // [{ pc, prepared, made }]: connections made ahead of need, see prepareSpares
};

const MaxReceivedKept = 200;
/** Signals held per person until my next roster (an offer, a "ready" and a few candidates). */
const MaxEarlyKept = 20;
const MaxClosedTimelinesKept = 50;
/** How long after a peer opens its first decoded frame is still watched for (the timeline's last mark). */
const FirstFrameWatchMs = 30000;
/** A spare connection older than this is replaced rather than used (its TURN credentials age). */
const SpareMaxAgeMs = 5 * 60 * 1000;
/** Spare connections kept of each kind, offering and answering (each holds one idle TURN allocation): a move opens one peer into a caucus, a few into the joint room. */
const MaxSpares = 2;

/** Wall-clock milliseconds (fractional), comparable across pages and with the bench's own clock. */
const now = () => performance.timeOrigin + performance.now();

/** Marks a step of a peer's negotiation once (the first time it happens). */
function mark(peer, step) {
  peer.timeline[step] ??= now();
}

export async function start(dotnet, me, grid, iceServers, iceTransportPolicy, constraints) {
  state.dotnet = dotnet;
  state.me = me;
  state.grid = grid;
  state.iceServers = iceServers ?? [];
  state.iceTransportPolicy = iceTransportPolicy === "relay" ? "relay" : "all";
  window.caucusVideo = debugHandle();
  // A roster or an offer can arrive while the camera is still opening; no peer is made before the
  // local media is here (a peer made without tracks offered no media at all, so ICE never started,
  // the description waited out the 5 s gathering timeout and the watchdog restarted it after 6 s).
  state.starting = (async () => {
    try {
      state.local = await navigator.mediaDevices.getUserMedia(constraints ?? { audio: true, video: { width: 320, height: 240 } });
    } catch (e) {
      state.local = new MediaStream();
      console.warn("No camera or microphone:", e?.name);
    }
    state.localTile = tile("me", "You", state.local, true);
  })();
  await state.starting;
  prepareSpares();
  return { audio: state.local.getAudioTracks().length > 0, video: state.local.getVideoTracks().length > 0 };
}

/**
 * Runs a step of the negotiation with one person after that person's earlier steps, without
 * holding up the caller: the hub client hands this module one message at a time and waits for
 * it, so a step that waits (for the camera, or for a TURN allocation) must not stall the
 * rosters, signals and chat that follow it. Steps with different people run side by side.
 */
function enqueue(id, step) {
  const next = (state.work.get(id) ?? Promise.resolve())
    .then(async () => { await state.starting; await step(); })
    .catch(e => console.warn("Video negotiation step failed:", e?.message ?? e));
  state.work.set(id, next);
  return next;
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
  // A mesh carries up to 8 people per room (7 peers each); beyond that, video needs an SFU (see README).
  const present = new Map((roster.people ?? []).filter(p => p.participantId !== state.me && p.isOnline)
    .sort((a, b) => a.participantId < b.participantId ? -1 : 1).slice(0, MaxPeers).map(p => [p.participantId, p]));
  state.present = new Map([...present].map(([id, p]) => [id, p.displayName]));
  for (const id of [...state.peers.keys()]) if (!present.has(id)) closePeer(id);
  // Signals that came before this roster count only from people it has in my room; the rest are dropped.
  const early = state.early;
  state.early = new Map();
  if (!state.roomId) return;
  const generation = state.generation;
  for (const [id, person] of present) {
    const held = early.get(id) ?? [];
    enqueue(id, async () => {
      if (generation !== state.generation || state.peers.has(id) || !state.present.has(id)) return;
      // One side offers: the one with the smaller id. The other says it is ready, so an offer made
      // before it joined video (and dropped) is made again; an offer held already needs no "ready".
      if (state.me < id) await offer(openPeer(id, person.displayName, true), id, generation);
      else { openPeer(id, person.displayName, false); if (!held.some(m => m.type === "offer")) await relay(id, { type: "ready" }); }
    });
    for (const message of held) enqueue(id, () => generation === state.generation && state.present.has(id) ? handleSignal(id, message, generation) : undefined);
  }
}

export async function onSignal(from, payload) {
  state.signalsFrom.set(from, (state.signalsFrom.get(from) ?? 0) + 1);
  state.received.push(payload);
  if (state.received.length > MaxReceivedKept) state.received.shift();
  const message = JSON.parse(payload);
  // Only someone in my room can open (or re-open) a peer with me. The hub relays only between two people
  // in the same room, but a relayed offer can overtake my roster of that room (the other side had its roster
  // first and its offer was made already): it is held until my next roster, and used only if that roster has
  // its sender in my room. (Dropped, it cost a round trip more: my "ready", and the offer again.)
  if (!(state.roomId && state.present.has(from))) {
    const held = state.early.get(from) ?? [];
    held.push(message);
    if (held.length > MaxEarlyKept) held.shift();
    state.early.set(from, held);
    return;
  }
  const generation = state.generation;
  enqueue(from, () => generation === state.generation && state.present.has(from) ? handleSignal(from, message, generation) : undefined);
}

async function handleSignal(from, message, generation) {
  if (message.type === "ready") {
    if (state.me >= from) return;
    const current = state.peers.get(from);
    // The other side's peer is new and has not seen my offer (it was made before that peer, or is still
    // on its way): the same offer again is enough, on the same peer and its gathered candidates.
    if (current?.described && current.pc.signalingState === "have-local-offer") {
      await relay(from, { type: "offer", sdp: current.pc.localDescription.sdp, nonce: current.nonce });
      return;
    }
    // The other side (re)joined video after we negotiated: the offering side starts a fresh negotiation.
    closePeer(from);
    await offer(openPeer(from, state.present.get(from), true), from, generation);
    return;
  }
  if (message.type === "offer") {
    const existing = state.peers.get(from);
    // The same offer again (sent once more on a "ready"): answered already (the answer is sent again, in
    // case it was lost), or still being answered.
    if (existing && existing.nonce === message.nonce) {
      if (existing.described) await relay(from, { type: "answer", sdp: existing.pc.localDescription.sdp, nonce: existing.nonce });
      return;
    }
    // Any other offer is answered on a peer of its own, named by the offer's nonce: the peer opened for
    // this person in this room if it never negotiated (its TURN allocation is already made, see takeConnection),
    // otherwise a fresh one.
    const fresh = existing && existing.nonce === null && !existing.pc.remoteDescription && !existing.pc.localDescription;
    if (!fresh) closePeer(from);
    const peer = fresh ? existing : openPeer(from, state.present.get(from), false);
    peer.nonce = message.nonce;
    mark(peer, "offerReceived");
    await peer.pc.setRemoteDescription({ type: "offer", sdp: message.sdp });
    await peer.pc.setLocalDescription(await peer.pc.createAnswer());
    await gathered(peer.pc, peer);
    if (generation === state.generation && state.peers.get(from) === peer) {
      peer.described = true;
      mark(peer, "answered");
      await relay(from, { type: "answer", sdp: peer.pc.localDescription.sdp, nonce: peer.nonce });
    }
    return;
  }
  const peer = state.peers.get(from);
  if (message.type === "answer") {
    // An answer to an offer this peer no longer has (a newer one replaced it) is ignored.
    if (!peer || peer.nonce !== message.nonce || peer.pc.signalingState !== "have-local-offer") return;
    await peer.pc.setRemoteDescription({ type: "answer", sdp: message.sdp });
    mark(peer, "answered");
  } else if (message.type === "candidate" && peer && peer.nonce === message.nonce && peer.pc.remoteDescription) {
    await peer.pc.addIceCandidate(message.candidate).catch(() => {});
  }
}

/**
 * Waits until the peer has gathered its ICE candidates (at most 5 s), so each offer and answer
 * usually carries them all: one message each way. Anything found later follows as a candidate.
 * Relay-only, the one TURN server's relay candidate is all there is to wait for: gathering can
 * report "complete" well after it. (The 5 s timeouts once measured on about half the first peers
 * were peers made before the camera was open: with no media section they gather nothing; see start().)
 */
function gathered(pc, peer) {
  const started = performance.now();
  // Gathered already (the candidate pool's allocation can be ready before the description is set).
  const relayInDescription = state.iceTransportPolicy === "relay" && /typ relay/.test(pc.localDescription?.sdp ?? "");
  if (pc.iceGatheringState === "complete" || relayInDescription) {
    if (peer) { peer.gatheringMs = 0; mark(peer, "gathered"); }
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const done = () => {
      pc.removeEventListener("icegatheringstatechange", check);
      pc.removeEventListener("icecandidate", relayFound);
      clearTimeout(timer);
      if (peer) { peer.gatheringMs = Math.round(performance.now() - started); mark(peer, "gathered"); }
      resolve();
    };
    const check = () => { if (pc.iceGatheringState === "complete") done(); };
    const relayFound = e => { if (state.iceTransportPolicy === "relay" && e.candidate?.type === "relay") done(); };
    const timer = setTimeout(done, 5000);
    pc.addEventListener("icegatheringstatechange", check);
    pc.addEventListener("icecandidate", relayFound);
  });
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
  for (const { pc } of [...state.peers.values(), ...state.spares.offering, ...state.spares.answering]) {
    const sender = pc.getSenders().find(s => s.track?.kind === track.kind);
    if (sender) await sender.replaceTrack(track);
  }
}

export function stop() {
  state.generation++;
  for (const id of [...state.peers.keys()]) closePeer(id);
  for (const t of state.local?.getTracks() ?? []) t.stop();
  state.local = null;
  state.early.clear();
  for (const spare of [...state.spares.offering.splice(0), ...state.spares.answering.splice(0)]) spare.pc.close();
  state.localTile?.remove();
  state.roomId = null;
}

/** A peer with one person; the offering side (the smaller id) gets a connection whose offer is made already. */
function openPeer(id, name, offering) {
  const { pc, prepared } = takeConnection(offering);
  const stream = new MediaStream();
  const peer = { pc, prepared, stream, name, tile: tile(id, name, stream, false), nonce: null, timeline: { opened: now() }, events: [], tracks: pc.getSenders().length };
  const generation = state.generation;
  watchTimeline(id, peer);
  pc.ontrack = e => { stream.addTrack(e.track); if (e.track.kind === "audio") watchSpeaking(peer, e.track); };
  // Candidates found after the description went out (slow gathering) follow it, tagged with its nonce.
  pc.onicecandidate = e => { if (e.candidate && peer.described && generation === state.generation) relay(id, { type: "candidate", candidate: e.candidate.toJSON(), nonce: peer.nonce }); };
  state.peers.set(id, peer);
  watchdog(id, peer, generation);
  return peer;
}

/**
 * A negotiation can stall (a lost message, candidates found too late on a busy machine). A peer
 * that is not connected a few seconds after it opened starts over: the offering side offers again,
 * the other side says it is ready. Only ever between two people in the same room.
 */
function watchdog(id, peer, generation) {
  setTimeout(() => enqueue(id, async () => {
    if (state.peers.get(id) !== peer || generation !== state.generation || !state.present.has(id)) return;
    if (peer.pc.connectionState === "connected") return;
    peer.restarts = (peer.restarts ?? 0) + 1;
    if (state.me < id) { closePeer(id); const fresh = openPeer(id, peer.name, true); fresh.restarts = peer.restarts; await offer(fresh, id, generation); }
    else { await relay(id, { type: "ready" }); watchdog(id, peer, generation); }
  }), 6000);
}

async function offer(peer, id, generation) {
  peer.nonce = crypto.randomUUID();
  // The offer was made and its candidates gathered with the connection, ahead of the move (see newConnection).
  const started = performance.now();
  if (await (peer.prepared?.then(() => peer.pc.signalingState === "have-local-offer", () => false) ?? false)) {
    peer.gatheringMs = Math.round(performance.now() - started);
    mark(peer, "gathered");
  } else {
    await peer.pc.setLocalDescription(await peer.pc.createOffer());
    await gathered(peer.pc, peer);
  }
  if (generation === state.generation && state.peers.get(id) === peer) {
    peer.described = true;
    mark(peer, "offerSent");
    await relay(id, { type: "offer", sdp: peer.pc.localDescription.sdp, nonce: peer.nonce });
  }
}

/**
 * A connection for a new peer: a spare made ahead (see prepareSpares), whose candidates are gathered
 * already, so neither an offer nor an answer waits for a TURN allocation (measured under load: 130
 * to 370 ms from a connection's creation to its relay candidate), and an offering one whose offer is
 * made already (createOffer and setLocalDescription took 50 to 100 ms on the move's path); otherwise a fresh one.
 */
function takeConnection(offering) {
  const pool = offering ? state.spares.offering : state.spares.answering;
  setTimeout(prepareSpares, 0);
  for (let spare = pool.shift(); spare; spare = pool.shift()) {
    if (performance.now() - spare.made < SpareMaxAgeMs) return spare;
    spare.pc.close();
  }
  return newConnection(offering);
}

/**
 * One candidate pool entry: the connection gathers (through TURN: makes its allocation) as soon as it
 * is made, not at its first description. Audio and video share one transport from the first description
 * on (max-bundle): one TURN allocation per connection (with the default policy an offer made a second one
 * beside the pooled one, for its second media section). Chromium uses the pool only on the offering side:
 * an answering connection gathers afresh after its answer (60 to 250 ms through TURN on this machine).
 */
function newConnection(offering) {
  const pc = new RTCPeerConnection({ iceServers: state.iceServers, iceTransportPolicy: state.iceTransportPolicy, iceCandidatePoolSize: 1, bundlePolicy: "max-bundle" });
  for (const track of state.local?.getTracks() ?? []) pc.addTrack(track, state.local);
  if (!offering) return { pc, prepared: null, made: performance.now() };
  // Without a camera or a microphone of my own I still receive theirs: the offer asks for both. An offer names
  // nobody (my tracks, my transport's credentials and fingerprint, my relay candidate), so it is made now; it goes
  // only to the person this connection is opened for, through the hub, like any other.
  for (const kind of ["audio", "video"])
    if (!pc.getTransceivers().some(t => t.receiver.track?.kind === kind)) pc.addTransceiver(kind, { direction: "recvonly" });
  const prepared = pc.createOffer().then(o => pc.setLocalDescription(o)).then(() => gathered(pc));
  prepared.catch(() => {}); // closed before it was needed; a peer that takes it makes its offer itself (see offer)
  return { pc, prepared, made: performance.now() };
}

/** Keeps MaxSpares connections of each kind (offering, answering) gathering ahead of this page's next peers, while video is on. */
function prepareSpares() {
  for (const pool of [state.spares.offering, state.spares.answering])
    while (state.local && pool.length < MaxSpares) pool.push(newConnection(pool === state.spares.offering));
}

function closePeer(id) {
  const peer = state.peers.get(id);
  if (!peer) return;
  state.peers.delete(id);
  peer.timeline.closed = now();
  state.closedTimelines.push(timelineOf(id, peer));
  if (state.closedTimelines.length > MaxClosedTimelinesKept) state.closedTimelines.shift();
  peer.pc.ontrack = null;
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

/**
 * The timeline of a peer, for the bench and for diagnostics: when its ICE and DTLS transports
 * connected, and when its first video packet arrived and its first video frame was decoded
 * (getStats inbound-rtp, polled every 10 ms from ICE connected until the first frame, bounded).
 * Every ICE, connection and gathering state change is kept with its time too.
 */
function watchTimeline(id, peer) {
  const { pc } = peer;
  const event = what => { if (peer.events.length < 100) peer.events.push([now(), what]); };
  pc.addEventListener("icegatheringstatechange", () => event("gathering:" + pc.iceGatheringState));
  pc.addEventListener("icecandidate", e => event("candidate:" + (e.candidate?.type ?? "end")));
  pc.addEventListener("icecandidateerror", e => event(`candidate-error:${e.errorCode} ${e.errorText ?? ""} ${e.url ?? ""}`));
  pc.addEventListener("iceconnectionstatechange", () => {
    event("ice:" + pc.iceConnectionState);
    if (pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed") { mark(peer, "iceConnected"); watchFirstFrame(peer); }
  });
  pc.addEventListener("connectionstatechange", () => {
    event("connection:" + pc.connectionState);
    if (pc.connectionState === "connected") mark(peer, "connected");
  });
  pc.addEventListener("signalingstatechange", () => {
    event("signaling:" + pc.signalingState);
    // The DTLS transport exists once a description is set; its own state says when the handshake is done.
    const dtls = pc.getSenders().find(s => s.transport)?.transport;
    if (dtls && !peer.dtlsWatched) {
      peer.dtlsWatched = true;
      dtls.addEventListener("statechange", () => { event("dtls:" + dtls.state); if (dtls.state === "connected") mark(peer, "dtlsConnected"); });
    }
  });
}

function watchFirstFrame(peer) {
  if (peer.framesWatched) return;
  peer.framesWatched = true;
  const until = peer.timeline.opened + FirstFrameWatchMs;
  const poll = async () => {
    if (peer.timeline.closed || now() > until) return;
    const stats = await peer.pc.getStats().catch(() => null);
    stats?.forEach(r => {
      if (r.type === "inbound-rtp" && r.kind === "video") {
        if (r.packetsReceived > 0) mark(peer, "firstPacket");
        if (r.framesDecoded > 0) mark(peer, "firstFrame");
      }
    });
    if (!peer.timeline.firstFrame) setTimeout(poll, 10);
  };
  poll();
}

function timelineOf(id, peer) {
  return { id, nonce: peer.nonce, restarts: peer.restarts ?? 0, offering: state.me < id, gatheringMs: peer.gatheringMs, tracks: peer.tracks, ...peer.timeline, events: peer.events };
}

/** For tests and diagnostics: what this page has open, and what it decodes. */
function debugHandle() {
  return {
    me: () => state.me,
    roomId: () => state.roomId,
    signalsFrom: id => state.signalsFrom.get(id) ?? 0,
    peers: () => [...state.peers.entries()].map(([id, p]) => ({ id, state: p.pc.connectionState, signaling: p.pc.signalingState, nonce: p.nonce, restarts: p.restarts ?? 0, gatheringMs: p.gatheringMs })),
    present: () => [...state.present.keys()],
    signals: () => Object.fromEntries(state.signalsFrom),
    /** Per open peer, the times (wall-clock ms) of its steps: opened, offerSent/offerReceived, answered, iceConnected, dtlsConnected, connected, firstPacket, firstFrame. */
    timelines: () => [...state.peers.entries()].map(([id, p]) => timelineOf(id, p)),
    /** The timelines of the last peers closed (at most 50), oldest first. */
    closedTimelines: () => [...state.closedTimelines],
    /** The last signaling payloads that reached this page (at most 200), as JSON text. */
    received: () => [...state.received],
    /** Per peer: the candidate types of the selected pair, local and remote ("host", "srflx", "relay"…). */
    async selectedPairs() {
      const result = {};
      for (const [id, p] of state.peers) {
        const stats = await p.pc.getStats();
        let pair = null;
        stats.forEach(r => { if (r.type === "transport" && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId); });
        if (!pair) stats.forEach(r => { if (r.type === "candidate-pair" && r.nominated && r.state === "succeeded") pair = r; });
        if (pair) result[id] = { local: stats.get(pair.localCandidateId)?.candidateType, remote: stats.get(pair.remoteCandidateId)?.candidateType };
      }
      return result;
    },
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
