/**
 * The HTTP server's own protections, for every route: what Tomcat does with a request once it is answered.
 */
package com.example.classifier.server;
