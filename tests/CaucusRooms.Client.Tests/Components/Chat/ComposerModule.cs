namespace CaucusRooms.Client.Tests.Components.Chat;

/// <summary>The composer's JS module (Enter sends), planned for a test that renders a composer.</summary>
internal static class ComposerModule
{
    public const string Path = "./Components/Chat/Composer.razor.js";

    public static BunitJSModuleInterop Plan(BunitJSInterop js)
    {
        ArgumentNullException.ThrowIfNull(js);
        var module = js.SetupModule(Path);
        module.SetupVoid("sendOnEnter", _ => true).SetVoidResult();
        return module;
    }
}
