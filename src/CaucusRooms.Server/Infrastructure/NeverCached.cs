namespace CaucusRooms.Server.Infrastructure;

/// <summary>Answers nobody may keep: no browser, proxy or shared cache stores them.</summary>
internal static class NeverCached
{
    public static TBuilder NeverCachedAnswers<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store, private";
            return await next(context);
        });
}
