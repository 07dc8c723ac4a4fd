using System.Net;
using System.Net.Http.Json;
using CaucusRooms.Contracts;

namespace CaucusRooms.Testing;

/// <summary>
/// One person's browser: a cookie jar (cookies on 127.0.0.1 hold for every port, so for every node), an HTTP client
/// per address it talks to, and the hub tabs it opened. Its home is the address it was made for.
/// </summary>
public sealed class Person : IAsyncDisposable
{
    private readonly Dictionary<Uri, HttpClient> _browsers = [];
    private readonly List<Tab> _tabs = [];

    public Person(ITestServer server, string name) : this((server ?? throw new ArgumentNullException(nameof(server))).BaseAddress, name) { }

    public Person(Uri home, string name)
    {
        Home = home;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Where this person's browser goes unless told otherwise: a host, a node or a load balancer.</summary>
    public Uri Home { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The browser at <see cref="Home"/>.</summary>
    public HttpClient Browser => BrowserAt(Home);

    public string ParticipantId { get; set; } = "";

    public string InviteCode { get; set; } = "";

    /// <summary>Every tab this person opened, oldest first.</summary>
    public IReadOnlyList<Tab> Tabs => _tabs;

    /// <summary>The tab opened last.</summary>
    public Tab Tab => _tabs.Count > 0 ? _tabs[^1] : throw new InvalidOperationException($"{Name} has opened no tab.");

    /// <summary>The same browser (cookie jar) talking to <paramref name="address"/>, for example another node.</summary>
    public HttpClient BrowserAt(Uri address)
    {
        if (!_browsers.TryGetValue(address, out var browser))
        {
            browser = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(15) };
            _browsers[address] = browser;
        }
        return browser;
    }

    /// <summary>Opens one hub connection (a browser tab) to the session, at <paramref name="address"/> (by default <see cref="Home"/>).</summary>
    public async Task<Tab> OpenTabAsync(string sessionId, Uri? address = null)
    {
        var tab = await Tab.OpenAsync(address ?? Home, sessionId, Cookies, Name);
        _tabs.Add(tab);
        return tab;
    }

    /// <summary>Closes every tab and opens one at <paramref name="address"/>: a reconnect, which may land on another node.</summary>
    public async Task<Tab> ReopenTabAsync(string sessionId, Uri address)
    {
        await CloseTabsAsync();
        return await OpenTabAsync(sessionId, address);
    }

    /// <summary>Closes every tab (the browser goes offline; its cookies stay).</summary>
    public async Task CloseTabsAsync()
    {
        foreach (var tab in _tabs) await tab.DisposeAsync();
        _tabs.Clear();
    }

    /// <summary>Puts a copy of <paramref name="other"/>'s cookies for <paramref name="address"/> into this browser, as someone who copied them would.</summary>
    public void CopyCookiesFrom(Person other, Uri address)
    {
        ArgumentNullException.ThrowIfNull(other);
        Cookies.Add(other.Cookies.GetCookies(address));
    }

    public async Task SignInAsync(string userName, string password = TestAccounts.Password)
    {
        using var response = await Browser.PostSignInAsync(userName, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task<HttpResponseMessage> RedeemAsync(string code) =>
        await Browser.PostAsJsonAsync("api/invites/redeem", new RedeemRequest(code));

    /// <summary>Accepts the session's agreement, typing <paramref name="typedName"/> (by default this person's name).</summary>
    public async Task AcceptAgreementAsync(string sessionId, string? typedName = null)
    {
        using var response = await Browser.PostAsJsonAsync($"api/sessions/{sessionId}/agreement/accept", new AcceptAgreementRequest(typedName ?? Name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        try { await CloseTabsAsync(); }
        catch (OperationCanceledException) { }
        foreach (var browser in _browsers.Values) browser.Dispose();
        _browsers.Clear();
    }
}
