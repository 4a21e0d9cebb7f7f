using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Npes.Core.Options;

/// <summary>An options class that says what is wrong with its own values: one message per problem, naming the setting.</summary>
public interface IValidatedOptions
{
    IEnumerable<string> Validate();
}

/// <summary>The one way every NPES options class is bound and checked: from its section, at start, with every problem named.</summary>
public static class ValidatedOptions
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and fails the start when <see cref="IValidatedOptions.Validate"/> finds problems.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class, IValidatedOptions
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, Validation<T>>());
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>As <see cref="AddValidatedOptions{T}(IServiceCollection, IConfiguration, string)"/> for options not bound from one section.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, Action<T> configure)
        where T : class, IValidatedOptions
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, Validation<T>>());
        return services.AddOptions<T>().Configure(configure).ValidateOnStart();
    }

    private sealed class Validation<T> : IValidateOptions<T>
        where T : class, IValidatedOptions
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = options.Validate().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
