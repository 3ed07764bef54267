/**
 * Two nodes, each loading its own .p12 as Elasticsearch's transport layer does (one PKCS12 KeyStore
 * for both the key and the trust manager), connect with client authentication required and hostname
 * verification on (verification_mode: full). Two different files matter: the JDK's trust manager
 * also trusts the end-entity certificate of every key entry (sun.security.validator.TrustStoreUtil),
 * so a node talking to itself would succeed without any CA at all.
 * Usage: java P12Handshake.java server.p12 client.p12 password (single-file launch, JEP 330).
 */
export const HANDSHAKE_JAVA = `
import javax.net.ssl.*;
import java.io.*;
import java.net.*;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

public class P12Handshake {
  public static void main(String[] args) throws Exception {
    char[] pw = args[2].toCharArray();
    SSLContext serverCtx = context(args[0], pw);
    SSLContext clientCtx = context(args[1], pw);
    SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(true);
    AtomicReference<Exception> serverError = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try (SSLSocket s = (SSLSocket) server.accept()) {
        s.getInputStream().read();
        X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
        System.out.println("server verified client " + peer.getSubjectX500Principal());
        s.getOutputStream().write(42);
        s.getOutputStream().flush();
      } catch (Exception e) { serverError.set(e); }
    });
    t.start();
    try (SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket("localhost", server.getLocalPort())) {
      SSLParameters p = c.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      c.setSSLParameters(p);
      c.getOutputStream().write(1);
      c.getOutputStream().flush();
      int reply = c.getInputStream().read();
      System.out.println("client verified server " + c.getSession().getPeerPrincipal() + " over " + c.getSession().getProtocol() + ", reply " + reply);
    } catch (Exception e) {
      System.out.println("client failed: " + e);
      System.exit(2);
    }
    t.join();
    if (serverError.get() != null) { System.out.println("server failed: " + serverError.get()); System.exit(3); }
  }

  static SSLContext context(String path, char[] pw) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(path)) { ks.load(in, pw); }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
`;
