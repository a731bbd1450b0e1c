/** Version of the wire contract; bumped with the api-types package. */
export const API_VERSION = '0.1.0';
