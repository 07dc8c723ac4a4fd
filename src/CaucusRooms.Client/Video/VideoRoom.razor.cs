using CaucusRooms.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CaucusRooms.Client.Video;

/// <summary>
/// Mesh video of one room: a tile per person located there, one peer connection each, and on a
/// move every old peer closed before any new one is made (the work happens in VideoRoom.razor.js).
/// </summary>
public sealed partial class VideoRoom
{
    private const string VideoInput = "videoinput";
    private const string AudioInput = "audioinput";

    /// <summary>A mesh carries up to this many people per room (the module keeps at most 7 peers).</summary>
    public const int MaxPeople = 8;

    private ElementReference _grid;
    private IJSObjectReference? _module;
    private DotNetObjectReference<VideoRoom>? _self;

    /// <summary>The person's own participant id.</summary>
    [Parameter, EditorRequired] public string Me { get; set; } = "";

    /// <summary>Relays a signaling payload to someone in the same room through the hub; returns the refusal, or null.</summary>
    [Parameter, EditorRequired] public Func<string, string, Task<string?>> Relay { get; set; } = (_, _) => Task.FromResult<string?>(null);

    /// <summary>ICE servers and transport policy from <c>GET /api/sessions/{id}/ice</c>.</summary>
    [Parameter] public IceConfigDto? Ice { get; set; }

    /// <summary>Who is in my room now, as last received.</summary>
    public MediaRosterDto? Roster { get; private set; }

    public bool MicrophoneOn { get; private set; }

    public bool CameraOn { get; private set; } = true;

    private List<MediaDevice> Devices { get; set; } = [];

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _self = DotNetObjectReference.Create(this);
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Video/VideoRoom.razor.js");
        var ice = (Ice?.IceServers ?? []).Select(s => new { urls = s.Urls, username = s.Username, credential = s.Credential }).ToArray();
        var media = await _module.InvokeAsync<MediaStarted>("start", _self, Me, _grid, ice, Ice?.IceTransportPolicy ?? IceConfigDto.AllPolicy, null);
        MicrophoneOn = media.Audio;
        CameraOn = media.Video;
        Devices = [.. await _module.InvokeAsync<MediaDevice[]>("devices")];
        if (Roster is not null) await _module.InvokeVoidAsync("applyRoster", Roster);
        StateHasChanged();
    }

    /// <summary>The roster of my room changed (a move, an arrival, a departure).</summary>
    public async Task ApplyRosterAsync(MediaRosterDto roster)
    {
        Roster = roster;
        if (_module is not null) await _module.InvokeVoidAsync("applyRoster", roster);
        StateHasChanged();
    }

    /// <summary>A signal relayed by the hub from someone in my room.</summary>
    public async Task OnSignalAsync(SignalDto signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (_module is not null) await _module.InvokeVoidAsync("onSignal", signal.FromParticipantId, signal.Payload);
    }

    /// <summary>Called by the module; the refusal (or null) goes back to it.</summary>
    [JSInvokable]
    public Task<string?> RelaySignal(string to, string payload) => Relay(to, payload);

    [JSInvokable]
    public void MicrophoneChanged(bool on)
    {
        MicrophoneOn = on;
        StateHasChanged();
    }

    private async Task ToggleMicrophone()
    {
        if (_module is not null) await _module.InvokeVoidAsync("setMicrophone", !MicrophoneOn);
    }

    private async Task ToggleCamera()
    {
        CameraOn = !CameraOn;
        if (_module is not null) await _module.InvokeVoidAsync("setCamera", CameraOn);
    }

    private async Task UseDevice(string kind, string? deviceId)
    {
        if (_module is not null && !string.IsNullOrEmpty(deviceId)) await _module.InvokeVoidAsync("useDevice", kind, deviceId);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("stop");
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The page is gone; so are its peers.
            }
        }
        _self?.Dispose();
    }

    private sealed record MediaStarted(bool Audio, bool Video);

    private sealed record MediaDevice(string DeviceId, string Kind, string Label);
}
