using System.Reflection;
using CaucusRooms.Server.Hubs;
using CaucusRooms.Server.Tests.Fuzzing;

namespace CaucusRooms.Server.Tests.Rooms;

/// <summary>ISessionHub is the hub's whole surface: no method a client can call is missing from the contract, and the fuzzer calls them all.</summary>
public sealed class SessionHubContractTests
{
    private static readonly string[] ContractMethods = [.. typeof(ISessionHub).GetMethods().Select(m => m.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void EveryMethodAClientCanCallOnTheSessionHubIsInTheContract()
    {
        // SignalR exposes every public instance method a hub declares itself (not those of Hub, nor the connect overrides).
        var callable = typeof(SessionHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == typeof(SessionHub))
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(ContractMethods, callable);
        Assert.True(typeof(ISessionHub).IsAssignableFrom(typeof(SessionHub)));
    }

    [Fact]
    public void TheFuzzerCallsEveryHubMethodWithItsNumberOfArguments()
    {
        Assert.Equal(ContractMethods, HubCallGenerator.RealMethods.Keys.Order(StringComparer.Ordinal));
        foreach (var method in typeof(ISessionHub).GetMethods())
            Assert.True(HubCallGenerator.RealMethods[method.Name].Length == method.GetParameters().Length, method.Name);
    }
}
