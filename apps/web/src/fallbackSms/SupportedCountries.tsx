import type { FallbackSmsView } from '@recovery/core/api/index';

/** The list behind a disclosure: useful to check once, noise every other time. */
export function SupportedCountries({ countries }: { countries: FallbackSmsView['supportedCountries'] }) {
  return (
    <details className="disclosure">
      <summary>Supported countries</summary>
      <ul className="country-list">
        {countries.map((country) => (
          <li key={country.code}>
            {country.name} (+{country.callingCode})
          </li>
        ))}
      </ul>
    </details>
  );
}
