using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace CaucusRooms.Server.Infrastructure;

/// <summary>
/// Checks a settings class by its validation attributes and says what is wrong in words that name the setting
/// as an operator writes it: "Hub:PersonLimits:MaxConnections must be between 1 and 100, was 0." An attribute
/// derived from <see cref="EachSettingAttribute"/> checks every entry of a list ("Hub:AllowedOrigins:1 …");
/// a rule across settings is the class's own <see cref="IValidatableObject"/>, whose sentences are kept as they are.
/// </summary>
internal sealed class SettingsValidation<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(options);
            var setting = $"{section}:{property.Name}";
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (rule is EachSettingAttribute each)
                {
                    var index = 0;
                    foreach (var entry in value as IEnumerable ?? Array.Empty<object>())
                    {
                        if (!each.IsValid(entry)) problems.Add(Sentence(rule, $"{setting}:{index.ToString(CultureInfo.InvariantCulture)}", entry));
                        index++;
                    }
                }
                else if (!rule.IsValid(value))
                {
                    problems.Add(Sentence(rule, setting, value));
                }
            }
        }
        if (options is IValidatableObject whole)
            problems.AddRange(whole.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? $"{section} is not valid."));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static string Sentence(ValidationAttribute rule, string setting, object? value) => rule switch
    {
        RangeAttribute range => $"{setting} must be between {Text(range.Minimum)} and {Text(range.Maximum)}, was {Text(value)}.",
        RequiredAttribute => $"{setting} must be set, was {Text(value)}.",
        _ => $"{rule.FormatErrorMessage(setting)}, was {Text(value)}.",
    };

    private static string Text(object? value) => value switch
    {
        null => "not set",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
