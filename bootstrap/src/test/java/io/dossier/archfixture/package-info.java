/**
 * Classes that break the architecture rules on purpose, so that a test can show each rule reports
 * them. Test code only: never imported together with the production classes.
 */
package io.dossier.archfixture;
