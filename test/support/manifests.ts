/**
 * Manifests shared by the end-to-end tests (the Action, the pre-commit hook, the language server).
 * Tests assert line and column numbers inside them: a change here moves those.
 */

/** Deployment "web" (no namespace) whose pods carry app=`app` and name container port 8080 "http"; selector and labels in flow style. */
export function deployment(app = 'web'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - containerPort: 8080
              name: http
`;
}

/** Service `name` (no namespace) selecting app=`app`, port 80 to the named targetPort "http". */
export function service(app: string, name = 'web'): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${app}
  ports:
    - port: 80
      targetPort: http
`;
}

/** The same Deployment as `deployment`, every mapping in block style and the port's name first (19 lines). */
export function blockDeployment(app = 'web'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - name: http
              containerPort: 8080
`;
}

/** Service "web" (no namespace) selecting app=web, port "http" 80 to `targetPort` (blockDeployment's container port is 8080 "http"); its targetPort is on line 11. */
export function blockService(targetPort: string | number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: ${targetPort}
`;
}
